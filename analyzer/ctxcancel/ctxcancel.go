package ctxcancel

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/iocalls"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

//go:embed doc.go
var doc string

// Flag names, without the "ctxcancel." prefix the analyzer adds; they are
// also the golangci-lint setting keys.
const (
	FlagFallback  = "fallback"
	FlagValueOnly = "value-only"
)

// Fallback values.
const (
	FallbackAuto = "auto"
	FallbackOn   = "on"
	FallbackOff  = "off"
)

// Rule is the ctxcancel rule.
var Rule = &rule.Rule{
	Name:      "ctxcancel",
	Title:     "goroutine that can outlive the handler doing context-aware work under the request's context",
	Doc:       rule.ExtractDoc(doc, "ctxcancel"),
	Default:   true,
	Since:     "v0.1.0",
	Options:   func() rule.Options { return &Options{Fallback: FallbackAuto} },
	FactTypes: []analysis.Fact{new(Fact), new(PackageFact)},
	Run:       run,
}

// Options are ctxcancel's settings.
type Options struct {
	// Fallback says whether gin's Engine.ContextWithFallback is on:
	// FallbackAuto (when the package sets it), FallbackOn, FallbackOff.
	Fallback string
	// ValueOnly lists more packages and functions that only read values
	// from a context (loggers, tracers).
	ValueOnly []string
}

// RegisterFlags implements rule.Options.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.Fallback, FlagFallback, o.Fallback, "whether gin's Engine.ContextWithFallback is true, so that *gin.Context and its Copy() as a context.Context are cancelled with the request: \"auto\" (when the analysed package sets it), \"on\" or \"off\"")
	fs.Var((*rule.ListFlag)(&o.ValueOnly), FlagValueOnly, "comma-separated packages and functions that only read values from a context (loggers, tracers) beside the built-in ones, as pkg/path, pkg/path.Func or (*pkg/path.Type).Method")
}

// Validate implements the rule framework's option check.
func (o *Options) Validate() error {
	switch o.Fallback {
	case FallbackAuto, FallbackOn, FallbackOff:
	default:
		return fmt.Errorf("invalid -ctxcancel.%s %q: want %q, %q or %q", FlagFallback, o.Fallback, FallbackAuto, FallbackOn, FallbackOff)
	}
	_, err := iocalls.ParseValueOnly(o.ValueOnly)
	return err
}

type checker struct {
	p         *rule.Pass
	m         *goroutine.Model
	valueOnly *iocalls.ValueOnly
	facts     map[*types.Func]*Fact
	reported  map[*ast.CallExpr]bool
	stores    map[ast.Node][]fieldStore // fieldStoresOf, by function
	imported  map[*types.Func]*Fact     // fact, memoized
}

func run(p *rule.Pass) error {
	opts, _ := p.Options.(*Options)
	if opts == nil {
		opts = &Options{Fallback: FallbackAuto}
	}
	vo, err := iocalls.ParseValueOnly(opts.ValueOnly)
	if err != nil {
		return err
	}
	c := &checker{p: p, m: p.Model(), valueOnly: vo, facts: map[*types.Func]*Fact{}, reported: map[*ast.CallExpr]bool{}, stores: map[ast.Node][]fieldStore{}, imported: map[*types.Func]*Fact{}}
	// Facts first, in every package of the user's code: a service package
	// that never sees a request can still observe its ctx parameter.
	c.computeFacts()
	if !astx.Imports(p.Pkg, frameworks.RequestPackages()...) {
		return nil // no request to take a context from
	}
	fallback := opts.Fallback == FallbackOn || (opts.Fallback == FallbackAuto && c.setsFallback())
	trackers := map[ast.Node]*tracker{}
	for _, l := range c.m.Launches() {
		p.At(l.Node)
		if isTestFile(p, l.Node) {
			continue // a test's goroutines serve no request
		}
		fn := top(l)
		if fn == nil {
			continue
		}
		t := trackers[fn]
		if t == nil {
			t = c.newTracker(fn, nil, fallback)
			trackers[fn] = t
		}
		if c.m.Joined(l) {
			continue
		}
		c.checkLaunch(l, t)
	}
	c.checkDetachingCalls(fallback, trackers)
	return nil
}

// checkDetachingCalls reports the request's context passed to a function
// that hands it to a goroutine it does not wait for (Fact.Detaches), such
// as a service method that starts go s.mail.Send(ctx, ...).
func (c *checker) checkDetachingCalls(fallback bool, trackers map[ast.Node]*tracker) {
	for _, file := range c.p.Files {
		if isTestFile(c.p, file) {
			continue
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			t := trackers[fd]
			if t == nil {
				t = c.newTracker(fd, nil, fallback)
				trackers[fd] = t
			}
			for _, sv := range c.servedCalls(fd.Body) {
				c.p.At(sv.handler)
				c.reportServed(sv)
			}
			for _, d := range c.detachingCalls(t, fd.Body) {
				if c.reported[d.call] || d.src.isParam() {
					continue
				}
				c.reported[d.call] = true
				c.p.At(d.call)
				c.reportDetaching(d)
			}
		}
	}
}

func (c *checker) reportDetaching(d observation) {
	rng := rule.ShortRange(d.call)
	arg := types.ExprString(d.arg)
	advice := fmt.Sprintf("let %s detach it with context.WithoutCancel, or pass context.WithoutCancel(%s)", callName(d.call), arg)
	what := describe(d.arg, d.src)
	switch {
	case d.src.request:
		what = arg + ", the request being served,"
		advice = fmt.Sprintf("let %s hand its goroutine context.WithoutCancel(%s.Context()), or pass %s.WithContext(context.WithoutCancel(%s.Context()))", callName(d.call), arg, arg, arg)
	case d.field != "":
		what = fmt.Sprintf("%s, whose %s is %s,", arg, d.field, d.src.desc)
		advice = fmt.Sprintf("let %s detach the %s it is given with context.WithoutCancel, or give it context.WithoutCancel(%s) as %s", callName(d.call), d.field, d.src.desc, d.field)
	}
	c.p.Report(analysis.Diagnostic{
		Pos: rng.Pos(),
		End: rng.End(),
		Message: fmt.Sprintf("%s is called with %s and hands it to a goroutine it does not wait for (%s); net/http cancels the request's context when the handler returns, so that work fails with context canceled — %s",
			callName(d.call), what, d.why(), advice),
	})
}

// reportServed reports a function handed to a router's adapter that
// detaches the request it is served with.
func (c *checker) reportServed(sv served) {
	param := "its request"
	if params := sv.fn.Signature().Params(); sv.request < params.Len() {
		if name := params.At(sv.request).Name(); name != "" && name != "_" {
			param = name
		}
	}
	c.p.Report(analysis.Diagnostic{
		Pos: sv.handler.Pos(),
		End: sv.handler.End(),
		Message: fmt.Sprintf("%s serves requests through %s and hands the request's context to a goroutine it does not wait for (%s); net/http cancels the request's context when the handler returns, so that work fails with context canceled — let %s hand its goroutine context.WithoutCancel(%s.Context())",
			types.ExprString(sv.handler), callName(sv.adapter), sv.why, goroutine.FuncName(sv.fn), param),
	})
}

// describe names the context argument for messages: "ctx (from
// c.Request.Context())".
func describe(arg ast.Expr, src *source) string {
	ctx := types.ExprString(arg)
	if src.desc == ctx || strings.HasPrefix(src.desc, ctx+", ") {
		return src.desc
	}
	return fmt.Sprintf("%s (from %s)", ctx, src.desc)
}

// top returns the outermost function around the launch: sources are
// tracked over a whole declaration, so that closures see what they
// capture.
func top(l *goroutine.Launch) ast.Node {
	var out ast.Node
	for enc := range l.Cursor.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		out = enc.Node()
	}
	return out
}

func isTestFile(p *rule.Pass, n ast.Node) bool {
	return astx.InTestFile(p.Fset, n.Pos())
}

// setsFallback reports whether the package sets gin's
// Engine.ContextWithFallback to true.
func (c *checker) setsFallback() bool {
	info := c.p.TypesInfo
	found := false
	for cur := range c.p.Inspector().Root().Preorder((*ast.AssignStmt)(nil), (*ast.KeyValueExpr)(nil)) {
		var lhs, rhs ast.Expr
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				continue
			}
			lhs, rhs = n.Lhs[0], n.Rhs[0]
		case *ast.KeyValueExpr: // gin.Engine{ContextWithFallback: true}
			lhs, rhs = n.Key, n.Value
		}
		var field *types.Var
		switch x := ast.Unparen(lhs).(type) {
		case *ast.SelectorExpr:
			field, _ = info.ObjectOf(x.Sel).(*types.Var)
		case *ast.Ident:
			field, _ = info.ObjectOf(x).(*types.Var)
		}
		if !frameworks.IsFallbackField(field) {
			continue
		}
		if v, ok := typesx.Bool(info, rhs); !ok || v {
			found = true // true, or a value not known until run time
		}
	}
	return found
}

// A finding is one observing call on a detached goroutine.
type finding struct {
	observation
	atLaunch bool // the context is an argument of the go statement's call
}

// launchFindings returns the calls on l's goroutine that observe a
// context t tracks.
func (c *checker) launchFindings(l *goroutine.Launch, t *tracker) []finding {
	var found []finding
	// A variable the launching function rebinds to a detached context
	// before the launch (ctx = context.WithoutCancel(ctx); go s.work(ctx))
	// is not the request's there: the tracker is flow-insensitive, the
	// statements before the launch are not.
	detached := c.detachedAtLaunch(l, t)
	isDetached := func(ob observation) bool {
		id, ok := ast.Unparen(ob.arg).(*ast.Ident)
		return ok && detached[c.p.TypesInfo.Uses[id]]
	}
	// go f(ctx): the goroutine is the call.
	if l.Call != nil && l.Lit == nil {
		for _, ob := range c.observations(t, &ast.ExprStmt{X: l.Call}, false) {
			if stopSignal(ob) && c.selfCancelled(t.fn, ob.arg) || isDetached(ob) {
				continue
			}
			if ob.call == l.Call {
				found = append(found, finding{observation: ob, atLaunch: true})
			}
		}
	}
	// go func() {...}(), g.Go(func() error {...}): what its body calls,
	// but through a captured variable the body first rebinds to a
	// context that is not the request's (ctx = context.WithoutCancel(ctx);
	// ctx = pkg.WithValues(context.Background(), ctx), copying values).
	if l.Lit != nil {
		rebound := c.reboundDetached(l.Lit, t)
		for _, ob := range c.observations(t, l.Lit.Body, false) {
			if id, ok := ast.Unparen(ob.arg).(*ast.Ident); ok {
				if at, ok := rebound[c.p.TypesInfo.Uses[id]]; ok && at < ob.call.Pos() {
					continue
				}
			}
			if stopSignal(ob) && c.selfCancelled(t.fn, ob.arg) || isDetached(ob) {
				continue
			}
			found = append(found, finding{observation: ob})
		}
	}
	return found
}

// stopSignal reports whether the observation is a function that uses the
// context only as its stop signal: what observes it is a ctx.Done (or
// Err) check, as in a select loop.
func stopSignal(ob observation) bool {
	return ob.via != nil && ob.via.Check
}

// selfCancelled reports whether arg is a context the function fn derives
// with a cancel it defers (ctx, cancel := context.WithCancel(r.Context());
// defer cancel(); go loop(ctx), a websocket's write loop): with a
// goroutine that uses it as its stop signal, the author stops the
// goroutine when the function returns, on purpose.
func (c *checker) selfCancelled(fn ast.Node, arg ast.Expr) bool {
	info := c.p.TypesInfo
	id, ok := ast.Unparen(arg).(*ast.Ident)
	if !ok || fn == nil {
		return false
	}
	if lit, ok := fn.(*ast.FuncLit); ok {
		fn = lit.Body
	}
	v := info.Uses[id]
	var cancel types.Object
	c.m.InspectNoLits(fn, []ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return true
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return true
		}
		callee, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || callee.Pkg() == nil || callee.Pkg().Path() != "context" || !strings.HasPrefix(callee.Name(), "With") {
			return true
		}
		if l, ok := as.Lhs[0].(*ast.Ident); ok && info.ObjectOf(l) == v {
			if r, ok := as.Lhs[1].(*ast.Ident); ok {
				cancel = info.ObjectOf(r)
			}
		}
		return true
	})
	if cancel == nil {
		return false
	}
	deferred := false
	c.m.InspectNoLits(fn, []ast.Node{(*ast.DeferStmt)(nil)}, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok {
			if fid, ok := ast.Unparen(d.Call.Fun).(*ast.Ident); ok && info.Uses[fid] == cancel {
				deferred = true
			}
		}
		return !deferred
	})
	return deferred
}

// reboundDetached returns the variables captured by lit that a statement
// of its body assigns a context the tracker has no source for (one not
// cancelled with the request), and where.
func (c *checker) reboundDetached(lit *ast.FuncLit, t *tracker) map[types.Object]token.Pos {
	info := c.p.TypesInfo
	out := map[types.Object]token.Pos{}
	for _, st := range lit.Body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok || (lit.Pos() <= v.Pos() && v.Pos() < lit.End()) || !isContextType(v.Type()) {
				continue
			}
			if _, seen := out[v]; !seen && t.sourceOf(as.Rhs[i]) == nil {
				out[v] = as.Pos()
			}
		}
	}
	return out
}

// detachedAtLaunch returns the context variables that the function
// launching l last sets, before the launch and in a statement of its own
// body (not under an if or in a loop: on every path to the launch), to a
// context the tracker has no source for — ctx = context.WithoutCancel(ctx)
// in a service method before its go statement. A later assignment in a
// nested statement makes the variable unknown again.
func (c *checker) detachedAtLaunch(l *goroutine.Launch, t *tracker) map[types.Object]bool {
	body := goroutine.FuncBody(l.Encl)
	if body == nil {
		return nil
	}
	info := c.p.TypesInfo
	var out map[types.Object]bool
	for _, st := range body.List {
		if st.Pos() >= l.Node.Pos() {
			break
		}
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) {
			for i, lhs := range as.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Uses[id].(*types.Var); ok && isContextType(v.Type()) {
					if out == nil {
						out = map[types.Object]bool{}
					}
					out[v] = t.sourceOf(as.Rhs[i]) == nil
				}
			}
			continue
		}
		// Any other assignment to a variable found so far, nested in st.
		ast.Inspect(st, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && out[info.ObjectOf(id)] {
						out[info.ObjectOf(id)] = false
					}
				}
			}
			return true
		})
	}
	return out
}

func (c *checker) checkLaunch(l *goroutine.Launch, t *tracker) {
	found := c.launchFindings(l, t)
	if len(found) == 0 || c.reported[found[0].call] || c.feedsLauncher(l) {
		return
	}
	for _, f := range found {
		c.reported[f.call] = true // a goroutine nested in this one: reported once
	}
	f := found[0]
	rng := rule.ShortRange(f.call)
	what := callName(f.call)
	ctx := describe(f.arg, f.src)
	uses := ""
	switch {
	case f.supplied:
		uses = fmt.Sprintf(", and %s is a function the package's callers supply (code it does not control, which may do I/O with it)", what)
	case f.via != nil:
		uses = fmt.Sprintf(", which uses it for %s", f.why())
	}
	advice := fmt.Sprintf("hand the goroutine context.WithoutCancel(%s) to keep its values without the cancellation", types.ExprString(f.arg))
	switch arg := types.ExprString(f.arg); {
	case f.src.request:
		ctx = arg + ", the request being served,"
		advice = fmt.Sprintf("hand it %s.WithContext(context.WithoutCancel(%s.Context())) to keep the values without the cancellation", arg, arg)
	case f.field != "":
		ctx = fmt.Sprintf("%s, whose %s is %s,", arg, f.field, f.src.desc)
		advice = fmt.Sprintf("give it context.WithoutCancel(%s) as %s to keep the values without the cancellation", f.src.desc, f.field)
	}
	if f.src.deadline {
		advice = "derive the timeout inside the goroutine from context.WithoutCancel(...) of the request's context instead, so the deadline stays and the cancellation goes"
	}
	if f.kept {
		advice = fmt.Sprintf("make %s for the goroutine with context.WithoutCancel(...) of the request's context, to keep its values without the cancellation", types.ExprString(f.arg))
	}
	d := analysis.Diagnostic{
		Pos: rng.Pos(),
		End: rng.End(),
		Message: fmt.Sprintf("%s is called with %s on a goroutine that can outlive the handler%s; net/http cancels the request's context when the handler returns, so the call fails with context canceled — %s",
			what, ctx, uses, advice),
		Related: []analysis.RelatedInformation{{Pos: l.Pos(), End: l.End(), Message: "the goroutine starts here and is not waited for"}},
	}
	if f.kept {
		d.Message = fmt.Sprintf("%s runs under %s, which %s keeps, on a goroutine that can outlive the handler; net/http cancels the request's context when the handler returns, so the call fails with context canceled — %s",
			what, f.src.desc, types.ExprString(f.arg), advice)
	}
	if fix := c.fix(l, t, found); fix != nil && !f.kept {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.p.ReportIn(l, d)
}

// feedsLauncher reports whether the goroutine sends its results to the
// function that starts it: it sends on (or closes) a channel that the
// function receives from, ranges over, hands to a call (ollama's
// streamResponse(c, ch)) or returns. Such a goroutine works for the
// response, and stopping it when the request is cancelled is what the
// author wants, even where the function may return before it is done
// (a client that disconnects from a stream). The goroutine sends on a
// channel also when a function it calls does, with the channel as an
// argument: a parameter of send-only type (func loop(ctx, out chan<- T)
// can only send on or close out), or one a function of the package
// sends on or closes in its body (goroutine.Model.SendsOn). A channel
// handed on as receive-only is a stop signal, not a result.
func (c *checker) feedsLauncher(l *goroutine.Launch) bool {
	info := c.p.TypesInfo
	body := goroutine.FuncBody(l.Encl)
	if body == nil {
		return false
	}
	isChan := func(e ast.Expr) types.Object {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		obj := info.Uses[id]
		if obj == nil {
			return nil
		}
		if _, ok := obj.Type().Underlying().(*types.Chan); !ok {
			return nil
		}
		return obj
	}
	chans := map[types.Object]bool{}
	if l.Call != nil {
		for _, arg := range l.Call.Args {
			if obj := isChan(arg); obj != nil {
				chans[obj] = true
			}
		}
	}
	if l.Lit != nil {
		ast.Inspect(l.Lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SendStmt:
				if obj := isChan(n.Chan); obj != nil {
					chans[obj] = true
				}
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "close" && len(n.Args) == 1 {
					if _, ok := info.Uses[id].(*types.Builtin); ok {
						if obj := isChan(n.Args[0]); obj != nil {
							chans[obj] = true
						}
					}
				}
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok {
					for i, arg := range n.Args {
						if obj := isChan(arg); obj != nil && c.m.SendsOn(fn, i) {
							chans[obj] = true
						}
					}
				}
			}
			return true
		})
	}
	if len(chans) == 0 {
		return false
	}
	feeds := false
	ast.Inspect(body, func(n ast.Node) bool {
		if feeds || n == l.Node {
			return false // not the goroutine's own uses
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			feeds = n.Op == token.ARROW && chans[isChan(n.X)]
		case *ast.RangeStmt:
			feeds = chans[isChan(n.X)]
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				feeds = feeds || chans[isChan(r)]
			}
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if _, ok := typeutil.Callee(info, n).(*types.Builtin); ok {
				return true // close(ch), len(ch)
			}
			for _, a := range n.Args {
				feeds = feeds || chans[isChan(a)]
			}
		}
		return !feeds
	})
	return feeds
}
