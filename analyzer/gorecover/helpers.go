package gorecover

import (
	"fmt"
	"go/ast"
	"go/types"
	"math/bits"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// StartsFact is exported for a function of the user's code that, called,
// starts goroutines that do not recover and can panic on outside data (every
// one that does not recover, with -gorecover.strict): in its own body,
// outside any handler, or through the functions it calls. A handler that
// calls it starts them per request.
type StartsFact struct {
	Sites []goroutine.Site[Why]
	// ByParam are the goroutines the function starts itself that can
	// panic on the data of some of its parameters: a caller that passes
	// outside data for one starts a goroutine that can crash the server.
	ByParam []ParamStart
}

// A ParamStart is a goroutine that can panic on the data of the
// parameters Params (bit i: parameter i, the receiver first).
type ParamStart struct {
	Params uint64
	Where  goroutine.LaunchAt
	Site   Site
}

func (*StartsFact) AFact() {}

func (f *StartsFact) String() string {
	var where []string
	for _, s := range f.Sites {
		where = append(where, s.Where.String())
	}
	for _, p := range f.ByParam {
		where = append(where, fmt.Sprintf("%s if params %b", p.Where, p.Params))
	}
	return "starts(" + strings.Join(where, ", ") + ")"
}

// helperLaunches computes and exports the StartsFacts of the package.
func (c *checker) helperLaunches() *goroutine.Reach[Why] {
	r := goroutine.NewReach(c.m, goroutine.ReachConfig[Why]{
		Direct: c.helperLaunch,
		Imported: func(fn *types.Func) []goroutine.Site[Why] {
			if f := c.startsFact(fn); f != nil {
				return f.Sites
			}
			return nil
		},
	})
	for _, fd := range c.m.FuncDecls() {
		f := &StartsFact{}
		for _, s := range r.Sites(fd.Obj) {
			// A registered function is the callers' own (forCallers).
			if s.Why.Site.Op != OpRegistered {
				f.Sites = append(f.Sites, s)
			}
		}
		for _, bp := range c.byParam[fd.Obj] {
			f.ByParam = append(f.ByParam, bp.ParamStart)
		}
		if len(f.Sites) > 0 || len(f.ByParam) > 0 {
			c.p.ExportObjectFact(fd.Obj, f)
		}
	}
	return r
}

// helperLaunch reports whether l, a launch in fd outside any handler, is
// a goroutine that does not recover and can panic on outside data, and why. A
// goroutine running fd's own function parameters is a wrapper's: the
// caller's argument decides (checkWrapperCall).
func (c *checker) helperLaunch(fd goroutine.FuncDecl, l *goroutine.Launch) (Why, bool) {
	if c.inTest(l.Pos()) || c.rec.LaunchRecovers(l) {
		return Why{}, false
	}
	switch {
	case c.m.RunsParam(fd.Obj, l):
		return Why{}, false
	case l.Lit != nil:
		if ok, _ := c.rec.BodyRecovers(l.Lit.Body); ok || c.rec.Delegates(l.Lit.Body) {
			return Why{}, false
		}
		site, risky := c.litRisk(l.Lit)
		if !risky {
			c.noteByParam(fd, l)
			return Why{}, false
		}
		if site == nil {
			return Why{}, true
		}
		return c.d.whyOf(*site), true
	case l.Callee != nil:
		return c.calleeWhy(l.Callee, l.Call)
	}
	if m := c.ifaceMethod(l.Fun); m != nil {
		for _, impl := range c.m.Implementations(m) {
			if why, risky := c.calleeWhy(impl, l.Call); risky {
				return why, true
			}
		}
	}
	return Why{}, false
}

// checkHelperCalls reports the goroutines that handlers start by calling
// helpers: once per goroutine. Reached from one handler, at the handler's
// call; from several, at the goroutine itself when it is in this package
// (one fix for all of them).
//
// The call of a go statement already reported (go client.ReadPump(), and
// ReadPump can panic) is not reported again for the goroutines ReadPump
// starts in turn: one report per launch the request makes, on that line.
// They are reported once ReadPump recovers, since its recover does not
// cover them.
func (c *checker) checkHelperCalls() {
	skip := func(cur inspector.Cursor) bool { return c.launched[cur.Node().(*ast.CallExpr)] }
	visit := func(hc goroutine.HandlerCall) {
		c.p.At(hc.Call)
		c.checkByParam(hc.Call, hc.Handler, hc.Fn)
	}
	for _, st := range c.reach.FromHandlers(skip, visit) {
		c.reportHelper(st.Site, st.Calls)
	}
}

// startsFact returns the StartsFact of fn, a function of another package
// of the user's, once; nil if it has none.
func (c *checker) startsFact(fn *types.Func) *StartsFact {
	if c.starts == nil {
		c.starts = map[*types.Func]*StartsFact{}
	}
	return goroutine.ImportedFact(c.p.Pass, c.starts, fn)
}

// A byParam is a goroutine a helper of this package starts that can
// panic on the data of some of the helper's parameters.
type byParam struct {
	ParamStart
	l    *goroutine.Launch
	site found
}

// noteByParam records the launch l in fd if its literal reaches a partial
// operation on the data of fd's parameters.
func (c *checker) noteByParam(fd goroutine.FuncDecl, l *goroutine.Launch) {
	if c.byParam == nil {
		c.byParam = map[*types.Func][]byParam{}
	}
	var bp byParam
	e := c.d.env(c.d.unitOf(l.Lit))
	e.sites(l.Lit.Body, l.Lit, func(fo found) {
		if p := fo.label &^ flow.Ext; p != 0 {
			if bp.Params == 0 {
				bp.site = fo
			}
			bp.Params |= uint64(p)
		}
	})
	if bp.Params != 0 {
		bp.l = l
		bp.Where = goroutine.LaunchAtOf(c.p.Fset, l)
		bp.Site = bp.site.site
		c.byParam[fd.Obj] = append(c.byParam[fd.Obj], bp)
	}
}

// A reportedStart is a goroutine (by its launch) reported for a handler.
type reportedStart struct {
	handler ast.Node
	at      goroutine.LaunchAt
}

// checkByParam reports call, in handler, of fn — a helper of this
// package or of another one of the user's — if it passes outside data for
// a parameter one of fn's goroutines can panic on.
func (c *checker) checkByParam(call *ast.CallExpr, handler ast.Node, fn *types.Func) {
	fn = fn.Origin()
	var starts []byParam
	if fn.Pkg() == c.p.Pkg {
		starts = c.byParam[fn]
	} else if f := c.startsFact(fn); f != nil {
		for _, ps := range f.ByParam {
			starts = append(starts, byParam{ParamStart: ps})
		}
	}
	if len(starts) == 0 {
		return
	}
	e := c.d.env(c.d.unitOf(call))
	args := c.d.flow.Args(call, fn)
	for _, bp := range starts {
		for l := bp.Params; l != 0; l &= l - 1 {
			j := bits.TrailingZeros64(l)
			if j >= len(args) || args[j] == nil || e.argLabel(bp.Site, args[j], call.Pos())&flow.Ext == 0 {
				continue
			}
			// One goroutine, one report per handler: a second call of
			// the helper starts the same goroutine, and the fix is the same.
			key := reportedStart{handler, bp.Where}
			if c.startsReported[key] {
				return
			}
			if c.startsReported == nil {
				c.startsReported = map[reportedStart]bool{}
			}
			c.startsReported[key] = true
			rng := rule.ShortRange(call)
			why := c.whoRecovers(handler) + " only covers the request's own goroutine"
			d := analysis.Diagnostic{
				Pos:     rng.Pos(),
				End:     rng.End(),
				Message: fmt.Sprintf("%s starts a goroutine that does not recover (%s) and hands it data the program does not control: a panic in it kills the whole server, with every request in flight: %s, and it can panic (%s); defer a function that calls recover() at the top of that goroutine", goroutine.FuncName(fn), bp.Where, why, bp.Site),
			}
			if bp.l != nil {
				d.Related = []analysis.RelatedInformation{rule.Related(bp.l.Node, "the goroutine starts here"), {Pos: bp.site.pos, Message: "it can panic here: " + bp.Site.words()}}
			}
			c.p.Report(d)
			return
		}
	}
}

func (c *checker) reportHelper(s goroutine.Site[Why], calls []goroutine.HandlerCall) {
	var handlers []ast.Node
	seen := map[ast.Node]bool{}
	for _, hc := range calls {
		if !seen[hc.Handler] {
			seen[hc.Handler] = true
			handlers = append(handlers, hc.Handler)
		}
	}
	why := c.whoRecovers(handlers[0]) + " only covers the request's own goroutine"
	detail := ""
	if s.Why.Via != 0 {
		detail = ", and " + s.Why.String()
	}
	first := calls[0]
	helper := goroutine.FuncName(first.Fn)
	l := c.reach.Launch(s)
	if l != nil && len(handlers) > 1 {
		d := analysis.Diagnostic{
			Pos:     l.Pos(),
			End:     l.End(),
			Message: fmt.Sprintf("a panic in this goroutine kills the whole server, with every request in flight: %d handlers start it through %s, %s%s; defer a function that calls recover() at the top of the goroutine", len(handlers), helper, why, detail),
		}
		for _, hc := range calls {
			d.Related = append(d.Related, rule.Related(hc.Call, "a handler starts it here"))
		}
		if l.Lit != nil && ast.Unparen(l.Fun) == l.Lit {
			if fix := c.deferFix(l.Lit); fix != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
			}
		}
		c.p.Report(d)
		return
	}
	rng := rule.ShortRange(first.Call)
	d := analysis.Diagnostic{
		Pos:     rng.Pos(),
		End:     rng.End(),
		Message: fmt.Sprintf("%s starts a goroutine that does not recover (%s, in %s): a panic in it kills the whole server, with every request in flight: %s%s; defer a function that calls recover() at the top of that goroutine", helper, s.Where, s.Func, why, detail),
	}
	if len(handlers) > 1 {
		d.Message += fmt.Sprintf(" (%d handlers of this package start it)", len(handlers))
	}
	if l != nil {
		d.Related = append(d.Related, rule.Related(l.Node, "the goroutine starts here"))
	}
	for _, hc := range calls[1:] {
		d.Related = append(d.Related, rule.Related(hc.Call, "also started from here"))
	}
	c.p.Report(d)
}
