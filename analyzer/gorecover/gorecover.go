package gorecover

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

//go:embed doc.go
var doc string

// Flag names, without the "gorecover." prefix the analyzer adds. They are
// also the golangci-lint setting keys.
const (
	FlagScope      = "scope"
	FlagRecoverers = "recoverers"
	FlagHelper     = "helper"
	FlagStrict     = "strict"
	FlagPanickers  = "panickers"
	FlagHooks      = "hooks"
	FlagIndexes    = "indexes"
)

// Scope values.
const (
	ScopeHandlers = "handlers"
	ScopeAll      = "all"
)

const name = "gorecover"

// Rule is the gorecover rule.
var Rule = &rule.Rule{
	Name:      name,
	Title:     "goroutine started while serving a request that can panic, with no deferred recover",
	Doc:       rule.ExtractDoc(doc, "gorecover"),
	Default:   true,
	Since:     "v0.1.0",
	Options:   func() rule.Options { return &Options{Scope: ScopeHandlers} },
	FactTypes: []analysis.Fact{new(RecoverFact), new(PanicFact), new(StartsFact)},
	Flow:      true,
	Run:       run,
}

// Options are gorecover's settings.
type Options struct {
	// Scope is ScopeHandlers or ScopeAll.
	Scope string
	// Recoverers are functions that recover when deferred, or launchers
	// and wrappers whose goroutines recover.
	Recoverers []string
	// Helper is a package-level function to defer in the suggested fix.
	Helper string
	// Strict reports every goroutine without recover, whether or not it
	// can panic on data the program does not control.
	Strict bool
	// Panickers are functions whose calls count as able to panic.
	Panickers []string
	// Hooks and Indexes are retired settings, accepted for the
	// configurations that name them: indexes and function values are
	// judged by where their data comes from.
	Hooks, Indexes bool

	parsed *parsed // by Validate
}

// RegisterFlags implements rule.Options.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.Scope, FlagScope, o.Scope, "which goroutines must recover: \"handlers\" (started while serving a request) or \"all\"")
	fs.Var((*rule.ListFlag)(&o.Recoverers), FlagRecoverers, "comma-separated functions that recover when deferred, or launchers and wrappers whose goroutines recover, as pkg/path.Func or (*pkg/path.Type).Method")
	fs.StringVar(&o.Helper, FlagHelper, o.Helper, "a pkg/path.Func to defer in suggested fixes instead of a literal that logs the panic with package log")
	fs.BoolVar(&o.Strict, FlagStrict, o.Strict, "report every goroutine without recover, not only those that can panic on data the program does not control")
	fs.BoolVar(&o.Hooks, FlagHooks, o.Hooks, "retired (no effect): function values are judged by where their data comes from")
	fs.BoolVar(&o.Indexes, FlagIndexes, o.Indexes, "retired (no effect): indexes are judged by where their data comes from")
	fs.Var((*rule.ListFlag)(&o.Panickers), FlagPanickers, "comma-separated functions whose calls can panic (plugin runners, parsers of external input), as pkg/path.Func or (*pkg/path.Type).Method")
}

// Validate implements the rule framework's option check: a bad value is
// reported once, with the rest of the configuration. It parses the
// options once for every package (the framework validates before any
// rule runs).
func (o *Options) Validate() error {
	p, err := o.parse()
	o.parsed = p
	return err
}

type parsed struct {
	all        bool
	strict     bool
	recoverers []*goroutine.Launcher
	panickers  []apis.Func
	helper     *apis.Func
}

func (o *Options) parse() (*parsed, error) {
	out := &parsed{strict: o.Strict}
	switch o.Scope {
	case ScopeHandlers, "":
	case ScopeAll:
		out.all = true
	default:
		return nil, fmt.Errorf("invalid -%s.%s %q: want %q or %q", name, FlagScope, o.Scope, ScopeHandlers, ScopeAll)
	}
	for _, spec := range o.Recoverers {
		l, err := goroutine.ParseLauncher(spec)
		if err != nil {
			return nil, fmt.Errorf("-%s.%s: %v", name, FlagRecoverers, err)
		}
		out.recoverers = append(out.recoverers, l)
	}
	for _, spec := range o.Panickers {
		f, err := apis.Parse("function", spec)
		if err != nil {
			return nil, fmt.Errorf("-%s.%s: %v", name, FlagPanickers, err)
		}
		out.panickers = append(out.panickers, f)
	}
	if o.Helper != "" {
		f, err := apis.Parse("function", o.Helper)
		if err != nil || f.Recv != "" {
			return nil, fmt.Errorf("invalid -%s.%s %q: want pkg/path.Func", name, FlagHelper, o.Helper)
		}
		out.helper = &f
		// The helper recovers, or it would not be offered as the fix.
		out.recoverers = append(out.recoverers, &goroutine.Launcher{Func: f})
	}
	return out, nil
}

type checker struct {
	p     *rule.Pass
	m     *goroutine.Model
	rec   *recovery
	d     *data
	reach *goroutine.Reach[Why] // goroutines started by calling a function; nil with scope=all
	opts  *parsed
	// launched are the calls of go statements reported (go
	// client.ReadPump()): checkHelperCalls does not report the same call
	// again for the goroutines the function starts in turn.
	launched map[*ast.CallExpr]bool
	// byParam are the goroutines helpers start that can panic on the
	// data of their parameters (noteByParam).
	byParam map[*types.Func][]byParam
	// startsReported holds the goroutines checkByParam has reported, by
	// handler.
	startsReported map[reportedStart]bool
	starts         map[*types.Func]*StartsFact // imported, once each
}

func run(p *rule.Pass) error {
	opts := p.Options.(*Options).parsed
	m := p.Model()
	// Facts in every package of the user's code: a helper package that
	// never imports gin still defines the recover helpers and wrappers
	// handlers use.
	rec := newRecovery(p.Pass, m, opts.recoverers)
	d := newData(p.Pass, p.Inspector(), m, p.Flow(), rec, opts)
	c := &checker{p: p, m: m, rec: rec, d: d, opts: opts, launched: map[*ast.CallExpr]bool{}}
	if !opts.all {
		// With scope=all every launch is reported where it is: the
		// goroutines helpers start need no route from the handler.
		c.reach = c.helperLaunches()
	}
	if !opts.all && !m.MayHoldPooled() && !astx.Imports(p.Pkg, "net/http") {
		return nil // no handlers here
	}
	for _, l := range m.Launches() {
		p.At(l.Node)
		if l.Wrapper != nil {
			c.checkWrapperCall(l)
		} else {
			c.checkLaunch(l)
		}
	}
	if c.reach != nil {
		c.checkHelperCalls()
	}
	return nil
}

// inTest reports whether pos is in a _test.go file: a panic there fails
// the test, which is what a test is for.
func (c *checker) inTest(pos token.Pos) bool {
	return astx.InTestFile(c.p.Fset, pos)
}

// scope reports whether a goroutine started in handler (nil outside any
// handler) is the rule's business, and what does not recover it there.
func (c *checker) scope(handler ast.Node) (bool, string) {
	if handler == nil {
		if c.opts.all {
			return true, "nothing recovers a panic on a goroutine of its own"
		}
		return false, ""
	}
	return true, c.whoRecovers(handler) + " only covers the request's own goroutine"
}

// whoRecovers names what recovers panics on the request's goroutine, in
// the framework the handler belongs to.
func (c *checker) whoRecovers(handler ast.Node) string {
	for _, p := range c.m.HandlerParams(handler) {
		if p.Type.Recovery != "" {
			return p.Type.Recovery
		}
	}
	return "net/http's handler recovery"
}

func (c *checker) checkLaunch(l *goroutine.Launch) {
	if c.inTest(l.Pos()) || c.rec.LaunchRecovers(l) {
		return
	}
	ok, why := c.scope(c.m.HandlerAround(l))
	if !ok {
		return
	}
	related := []analysis.RelatedInformation{{Pos: l.Pos(), End: l.End(), Message: "the goroutine starts here"}}
	switch {
	case l.Lit != nil:
		// A recover that does not work is reported whether or not the
		// goroutine can panic: it is a mistake either way.
		if c.litRecovers(l.Lit, related) {
			return
		}
		site, risky := c.litRisk(l.Lit)
		if !risky {
			return
		}
		d := analysis.Diagnostic{
			Pos:     l.Pos(),
			End:     l.End(),
			Message: fmt.Sprintf("a panic in this goroutine kills the whole server, with every request in flight: %s%s; defer a function that calls recover() at the top of the goroutine", why, c.because(site)),
			Related: c.siteRelated(site),
		}
		// Only a literal the launch runs itself: a closure stored in a
		// variable may also be called synchronously, where adding a
		// recover would swallow panics the handler's recovery reports.
		if ast.Unparen(l.Fun) == l.Lit {
			if fix := c.deferFix(l.Lit); fix != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
			}
		}
		c.p.Report(d)
	case l.Callee != nil:
		reason, risky := c.calleeRisk(l.Callee, l.Call)
		if !risky {
			return
		}
		name := l.Callee.Name()
		c.launched[l.Call] = true
		c.p.Report(analysis.Diagnostic{
			Pos:     l.Pos(),
			End:     l.End(),
			Message: fmt.Sprintf("a panic in %s, run on a new goroutine, kills the whole server, with every request in flight: %s%s; defer a function that calls recover() at the top of %s", name, why, reason, name),
		})
	default:
		// go svc.Sync() on an interface: the implementations this
		// package can see.
		m := c.ifaceMethod(l.Fun)
		if m == nil {
			return // a function value the analysis cannot resolve: it may well recover
		}
		for _, impl := range c.m.Implementations(m) {
			reason, risky := c.calleeRisk(impl, l.Call)
			if !risky {
				continue
			}
			c.launched[l.Call] = true
			c.p.Report(analysis.Diagnostic{
				Pos:     l.Pos(),
				End:     l.End(),
				Message: fmt.Sprintf("a panic in %s, run on a new goroutine, kills the whole server, with every request in flight: %s%s; defer a function that calls recover() at the top of %s", goroutine.FuncName(impl), why, reason, goroutine.FuncName(impl)),
			})
			return
		}
	}
}

// litRisk reports whether a goroutine running lit is the rule's business:
// it can panic on data the program does not control (and where), or,
// with -gorecover.strict, it is not one of the goroutines that cannot
// panic at all.
func (c *checker) litRisk(lit *ast.FuncLit) (*found, bool) {
	site := c.litSite(lit)
	if c.opts.strict {
		return site, site != nil || !cannotPanic(c.p.TypesInfo, lit.Body)
	}
	return site, site != nil
}

// litSite returns the first partial operation the goroutine's literal
// reaches unguarded on outside data, or nil.
func (c *checker) litSite(lit *ast.FuncLit) *found {
	return c.firstSite(lit, lit.Body, flow.Ext)
}

// firstSite returns the first partial operation body (of encl) reaches
// whose data has one of the bits of want, or nil.
func (c *checker) firstSite(encl ast.Node, body *ast.BlockStmt, want flow.Label) *found {
	e := c.d.env(c.d.unitOf(encl))
	var first *found
	e.sites(body, encl, func(fo found) {
		if first == nil && fo.label&want != 0 {
			first = &fo
		}
	})
	return first
}

// calleeRisk is litRisk for a goroutine running the named function fn,
// called by call (nil for a function value handed to a wrapper), with the
// reason worded for a message (", and fn can panic (...)").
func (c *checker) calleeRisk(fn *types.Func, call *ast.CallExpr) (string, bool) {
	why, risky := c.calleeWhy(fn, call)
	if why.Via == 0 {
		return "", risky
	}
	return ", and " + why.String(), risky
}

// calleeWhy is why a goroutine running fn can panic: by what fn reaches
// whatever its arguments, or through the arguments call passes it,
// evaluated where the goroutine starts. Under -gorecover.strict a
// goroutine is the rule's business without a reason (a zero Why).
func (c *checker) calleeWhy(fn *types.Func, call *ast.CallExpr) (Why, bool) {
	if c.calleeRecovers(fn) {
		return Why{}, false
	}
	for _, l := range c.opts.panickers {
		if l.Matches(fn) {
			return Why{Via: ViaConfigured, Callee: fn.Name()}, true
		}
	}
	f := c.d.fact(fn)
	switch {
	case f == nil || f.Crash:
	case f.Own != nil:
		return Why{Via: ViaCall, Callee: fn.Name(), Site: *f.Own}, true
	case call != nil:
		e := c.d.env(c.d.unitOf(call))
		args := c.d.flow.Args(call, fn)
		for _, ps := range f.Params {
			if ps.Param < len(args) && args[ps.Param] != nil && e.argLabel(ps.Site, args[ps.Param], call.Pos())&flow.Ext != 0 {
				return Why{Via: ViaGiven, Callee: fn.Name(), Site: ps.Site}, true
			}
		}
	}
	return Why{}, c.opts.strict
}

// because words why a goroutine can panic, for a message.
func (c *checker) because(site *found) string {
	if site == nil {
		return ""
	}
	return ", and this one can panic (" + c.d.whyOf(*site).body() + ")"
}

// siteRelated points at the place that can panic.
func (c *checker) siteRelated(site *found) []analysis.RelatedInformation {
	if site == nil || !site.pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: site.pos, Message: "it can panic here: " + site.site.words()}}
}

// ifaceMethod returns the interface method fun selects (svc.Sync), or nil.
func (c *checker) ifaceMethod(fun ast.Expr) *types.Func {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := c.p.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || !types.IsInterface(s.Recv()) {
		return nil
	}
	m, _ := s.Obj().(*types.Func)
	return m
}

// litRecovers reports whether a goroutine running lit survives its own
// panics; if it only looks like it does, it reports why not, and returns
// true so that the goroutine is reported once.
func (c *checker) litRecovers(lit *ast.FuncLit, related []analysis.RelatedInformation) bool {
	ok, misuse := c.rec.BodyRecovers(lit.Body)
	if ok || c.rec.Delegates(lit.Body) {
		return true
	}
	if misuse != nil {
		c.reportMisuse(lit, misuse, related)
		return true
	}
	return false
}

// calleeRecovers reports whether a goroutine running fn survives fn's
// panics, or is not ours to judge.
func (c *checker) calleeRecovers(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Pkg() != c.p.Pkg && stdlib.Is(c.p.Pass, fn.Pkg().Path()) {
		// A goroutine running a standard-library function (go
		// log.Println(...), go srv.ListenAndServe()) panics only on a
		// misuse that recover would hide rather than fix.
		return true
	}
	if !c.m.UserCode(fn.Pkg()) {
		// A dependency's function (go consumer.Run()): it has no facts
		// (issue 12), so whether it recovers is unknown, and the fix —
		// a recover at its top — is not the user's to write.
		return true
	}
	return c.rec.Guarded(fn) || c.rec.Configured(fn)
}

// reportMisuse reports a recover that does not stop a panic in the
// goroutine running lit; a directive on the line of lit's func keyword
// (the go statement's) covers it.
func (c *checker) reportMisuse(lit *ast.FuncLit, mis *goroutine.FalseRecover, related []analysis.RelatedInformation) {
	d := analysis.Diagnostic{Pos: mis.Call.Pos(), End: mis.Call.End(), Related: related}
	switch {
	case mis.Direct:
		d.Message = "defer recover() does not stop a panic: recover is the deferred function instead of being called by it, so it returns nil and a panic in this goroutine still kills the whole server; defer func() { if r := recover(); r != nil { ... } }()"
		if fix := c.replaceDeferredRecover(mis); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	case mis.Helper != nil:
		name := mis.Helper.Name()
		d.Message = fmt.Sprintf("%s recovers only when it is the deferred function: called from the deferred literal, its recover() returns nil and a panic in this goroutine still kills the whole server; write defer %s()", name, exprString(c.p.Fset, mis.Call.Fun))
		if fix := c.unwrapHelper(mis); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	default:
		d.Message = "recover() returns nil here: it is called by a function nested in the deferred one, not by the deferred function itself, so a panic in this goroutine still kills the whole server; call recover() directly in the deferred function"
	}
	c.p.ReportIn(rule.ShortRange(lit), d)
}

// checkWrapperCall reports a call, while serving a request, of a wrapper
// that runs its function argument on a goroutine that does not recover.
func (c *checker) checkWrapperCall(l *goroutine.Launch) {
	info := c.p.TypesInfo
	call := l.Node.(*ast.CallExpr)
	fn, run := l.Wrapper, l.Run
	if run.Recovered || c.rec.Configured(fn) || c.inTest(call.Pos()) {
		return
	}
	ok, why := c.scope(c.m.RequestHandlerAt(l.Cursor))
	if !ok {
		return
	}
	pos, end := calleePos(call)
	related := []analysis.RelatedInformation{{Pos: pos, End: end, Message: fmt.Sprintf("%s runs it on a new goroutine (%s)", fn.Name(), run.Where)}}
	switch arg := ast.Unparen(l.Fun).(type) {
	case *ast.FuncLit:
		if c.litRecovers(arg, related) {
			return
		}
		site, risky := c.litRisk(arg)
		if !risky {
			return
		}
		d := analysis.Diagnostic{
			Pos:     pos,
			End:     end,
			Message: fmt.Sprintf("%s runs this function on a new goroutine that does not recover: a panic in it kills the whole server, with every request in flight: %s%s; defer a function that calls recover() at the top of the function", fn.Name(), why, c.because(site)),
			Related: append([]analysis.RelatedInformation{rule.Related(arg, "the function it runs")}, c.siteRelated(site)...),
		}
		if fix := c.deferFix(arg); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		c.p.Report(d)
	default:
		callee, _ := typeutil.Callee(info, &ast.CallExpr{Fun: arg}).(*types.Func)
		if callee == nil {
			return
		}
		reason, risky := c.calleeRisk(callee, nil)
		if !risky {
			return
		}
		c.p.Report(analysis.Diagnostic{
			Pos:     pos,
			End:     end,
			Message: fmt.Sprintf("%s runs %s on a new goroutine that does not recover: a panic in %s kills the whole server, with every request in flight: %s%s; defer a function that calls recover() at the top of %s", fn.Name(), callee.Name(), callee.Name(), why, reason, callee.Name()),
		})
	}
}

// calleePos is the short range of a call: the selected name, or the
// function expression.
func calleePos(call *ast.CallExpr) (token.Pos, token.Pos) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.Sel.Pos(), sel.Sel.End()
	}
	return call.Fun.Pos(), call.Fun.End()
}
