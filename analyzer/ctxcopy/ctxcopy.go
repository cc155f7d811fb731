package ctxcopy

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

//go:embed doc.go
var doc string

// Rule is the ctxcopy rule.
var Rule = &rule.Rule{
	Name:      "ctxcopy",
	Title:     "pooled request context used by a goroutine that can outlive the handler",
	Doc:       rule.ExtractDoc(doc, "ctxcopy"),
	Default:   true,
	Since:     "v0.1.0",
	Options:   func() rule.Options { return &Options{FiberImmutable: ImmutableAuto} },
	FactTypes: []analysis.Fact{new(HandoffFact), new(PackageHandoffFact), new(RetainsFact), new(CopySafeFact)},
	Run:       run,
}

// FlagRetainers is the option naming more retainers, without the
// "ctxcopy." prefix the analyzer adds; it is also the golangci-lint
// setting key.
const FlagRetainers = "retainers"

// FlagFiberImmutable is the option saying whether fiber apps run with
// Config.Immutable, without the "ctxcopy." prefix.
const FlagFiberImmutable = "fiber-immutable"

// FiberImmutable values.
const (
	ImmutableAuto = "auto"
	ImmutableOn   = "on"
	ImmutableOff  = "off"
)

// Options are ctxcopy's settings.
type Options struct {
	// Retainers are functions of dependencies whose results keep a
	// reference to their arguments and receiver, as gorm's (*DB).WithContext
	// keeps the context.
	Retainers []string
	// FiberImmutable says whether fiber's Config.Immutable is on, so that
	// the strings a fiber context returns are copies: ImmutableAuto (when
	// the package sets it), ImmutableOn, ImmutableOff.
	FiberImmutable string

	retainers []apis.Func // Retainers, parsed by Validate
}

// RegisterFlags implements rule.Options.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.Var((*rule.ListFlag)(&o.Retainers), FlagRetainers, "comma-separated functions whose results keep a reference to their arguments and receiver (as gorm's WithContext keeps the context), as pkg/path.Func or (*pkg/path.Type).Method")
	fs.StringVar(&o.FiberImmutable, FlagFiberImmutable, o.FiberImmutable, "whether fiber apps run with Config.Immutable, so that strings read from a fiber context are copies the goroutine may keep: \"auto\" (when the analysed package sets it), \"on\" or \"off\"")
}

// Validate implements the rule framework's option check.
func (o *Options) Validate() error {
	switch o.FiberImmutable {
	case ImmutableAuto, ImmutableOn, ImmutableOff:
	default:
		return fmt.Errorf("invalid -ctxcopy.%s %q: want %q, %q or %q", FlagFiberImmutable, o.FiberImmutable, ImmutableAuto, ImmutableOn, ImmutableOff)
	}
	r, err := o.parse()
	o.retainers = r
	return err
}

func (o *Options) parse() ([]apis.Func, error) {
	return apis.ParseAll("-ctxcopy."+FlagRetainers, "retainer", o.Retainers)
}

type checker struct {
	p *rule.Pass
	m *model
	// reported holds the identifiers already reported (or covered by a
	// report): a use inside a nested goroutine, or an argument that is
	// also a handoff call, is reported once.
	reported map[token.Pos]bool
	// copySafe memoizes copySafeParam, writes paramWrites.
	copySafe, writes map[paramKey]bool
}

func run(p *rule.Pass) error {
	opts := p.Options.(*Options)
	m := newModel(p.Pass, p.Model(), opts.retainers)
	switch opts.FiberImmutable {
	case ImmutableOn:
		m.fiberImmutable = true
	case ImmutableAuto:
		m.fiberImmutable = setsFiberImmutable(p.Pass, m.Model)
	}
	// Facts first, in every package of the user's code: a service
	// package that never imports gin can still hand its ctx parameter to
	// a goroutine, or derive a context from one.
	m.exportRetainsFacts()
	m.exportHandoffFacts()
	c := &checker{p: p, m: m, reported: map[token.Pos]bool{}, copySafe: map[paramKey]bool{}, writes: map[paramKey]bool{}}
	for _, l := range m.Launches() {
		p.At(l.Node)
		c.checkRequestData(l)
	}
	if !m.MayHoldPooled() {
		return nil // no pooled context type can appear in this package
	}
	c.exportCopySafeFacts()
	for _, l := range m.Launches() {
		p.At(l.Node)
		c.checkLaunch(l)
	}
	if m.mayCallHandoffs() {
		c.checkHandoffCalls()
	}
	c.checkEscapes()
	return nil
}

// top returns the outermost function around cur: retention is computed
// over a whole declaration, so that closures share what they capture.
func top(cur inspector.Cursor) ast.Node {
	var out ast.Node
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		out = enc.Node()
	}
	return out
}

func (c *checker) checkLaunch(l *goroutine.Launch) {
	fn := top(l.Cursor)
	if fn == nil {
		return
	}
	ret := c.m.pooledRetention(fn)
	if ret.empty() {
		return
	}
	c.checkCopyWrites(l, ret)
	if !c.m.Joined(l) {
		c.checkCopyKeys(l, ret)
	}
	if c.m.Joined(l) {
		return // the handler waits for it: it cannot outlive the handler
	}
	if c.m.usedBeforeReturn(l, ret.refs(l.Lit)) {
		// Every use happens before a signal the handler waits for on
		// every path (connect, then signal), or under a mutex the handler
		// stops the goroutine under: not after the return.
		return
	}
	done := map[*types.Var]bool{}
	for _, e := range l.EvaluatedAtLaunch() {
		o := ret.retains(e)
		if o == nil || o.Type == nil || done[o.Var] || c.reported[e.Pos()] {
			continue
		}
		done[o.Var] = true
		c.reportArg(l, e, o, ret)
	}
	uses := ret.freeUses(l.Lit)
	copies := ret.copyUses(l.Lit)
	for _, u := range uses {
		if u.origin.Type == nil || done[u.origin.Var] || c.reported[u.Ident.Pos()] {
			continue
		}
		done[u.origin.Var] = true
		var same []use
		for _, v := range uses {
			if v.Obj == u.Obj {
				same = append(same, v)
				c.reported[v.Ident.Pos()] = true
			}
		}
		c.reportUse(l, u, same, copies, ret)
	}
}

// subject is how a message starts: "c (*gin.Context) is", or, for a
// value that holds c, "db holds c (*gin.Context) since DB.WithContext(c)
// and is".
func (c *checker) subject(what string, obj types.Object, o *origin, ret *retention) string {
	if o.Var == nil || obj == types.Object(o.Var) {
		return fmt.Sprintf("%s (%s) is", what, typeName(o))
	}
	return fmt.Sprintf("%s %s and is", what, holds(obj, o, ret))
}

// holds says what a value holds, and since which call: "holds c
// (*gin.Context) since DB.WithContext(c)".
func holds(obj types.Object, o *origin, ret *retention) string {
	since := ""
	if call := ret.heldVia(obj); call != nil {
		since = " since " + callText(call, o)
	}
	return fmt.Sprintf("holds %s (%s)%s", o.Var.Name(), typeName(o), since)
}

// callText shows a call by its function and the arguments that are o's
// variable: "DB.WithContext(c)", "http.NewRequestWithContext(c, ...)".
func callText(call *ast.CallExpr, o *origin) string {
	var args []string
	more := false
	for _, arg := range call.Args {
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok && id.Name == o.Var.Name() {
			args = append(args, id.Name)
		} else {
			more = true
		}
	}
	if more {
		args = append(args, "...")
	}
	fun := types.ExprString(call.Fun)
	if len(fun) > 40 {
		fun = "..." + calleeName(call)
	}
	return fun + "(" + strings.Join(args, ", ") + ")"
}

func typeName(o *origin) string {
	if o.Type.Interface {
		return o.Type.String()
	}
	return "*" + o.Type.String()
}

// consequence says what goes wrong at run time, in the framework's terms.
func consequence(o *origin) string {
	if o.Type.Framework == "net/http" {
		return "net/http finishes the response and recycles its buffers when the handler returns, so late writes are lost or corrupt another response"
	}
	return fmt.Sprintf("%s recycles the context for the next request when the handler returns, so the goroutine may read another request's data or race with it", o.Type.Framework)
}

func (c *checker) reportUse(l *goroutine.Launch, u use, same []use, copies []use, ret *retention) {
	p := c.p
	o := u.origin
	related := []analysis.RelatedInformation{rule.Related(l.Node, "the goroutine starts here and is not waited for")}
	// c.Copy() inside the goroutine.
	if sel, call := c.selectorOf(u.Ident); sel != nil && call != nil && o.Type.HasCopy() && sel.Sel.Name == o.Type.Copy {
		d := analysis.Diagnostic{
			Pos: u.Ident.Pos(), End: call.End(),
			Message: fmt.Sprintf("%s.%s() runs inside the goroutine, after the handler may have returned and %s reused %s — call %s.%s() before the %s and hand the copy over",
				u.Ident.Name, o.Type.Copy, o.Type.Framework, u.Ident.Name, u.Ident.Name, o.Type.Copy, startWord(l)),
			Related: related,
		}
		if fix := c.hoistCopyFix(l, call, same); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		p.ReportIn(l, d)
		return
	}
	direct := u.Obj == types.Object(o.Var)
	advice := c.advice(u.Obj, o, ret)
	if direct && c.runsChain(same, o) {
		// The timeout-middleware shape: go func(){ c.Next() }(), or
		// go func(){ next(c) }() in echo and fiber. The chain writes the
		// response through the original; a copy cannot, and extracting
		// values cannot run it.
		advice = chainAdvice
	} else if direct && o.Type.HasCopy() && c.anyWrites(same, o) {
		// The goroutine writes the response through c: a copy cannot.
		advice = writeAdvice
	}
	msg := fmt.Sprintf("%s used by a goroutine that can outlive the handler; %s — %s",
		c.subject(u.Obj.Name(), u.Obj, o, ret), consequence(o), advice)
	var fix *analysis.SuggestedFix
	// The goroutine already has a copy of the same context: use it.
	for _, cp := range copies {
		if cp.origin.Var == o.Var && !(l.Lit.Pos() <= cp.Obj.Pos() && cp.Obj.Pos() < l.Lit.End()) {
			msg = fmt.Sprintf("%s used by a goroutine that can outlive the handler, beside its copy %s; %s — use %s here too",
				c.subject(u.Obj.Name(), u.Obj, o, ret), cp.Obj.Name(), consequence(o), cp.Obj.Name())
			if direct {
				fix = c.renameFix(same, cp.Obj, fmt.Sprintf("use the copy %s in the goroutine", cp.Obj.Name()))
			}
			break
		}
	}
	if fix == nil && o.Type.HasCopy() && direct {
		fix = c.copyFix(l, o, same)
	}
	if fix == nil && !direct {
		fix = c.viaCopyFix(u.Obj, o, ret)
	}
	d := analysis.Diagnostic{Pos: u.Ident.Pos(), End: u.Ident.End(), Message: msg, Related: related}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	p.ReportIn(l, d)
}

// advice says how to hand the goroutine what it needs: for a value built
// by a call that keeps c as a context (DB.WithContext(c)), pass the copy
// there.
func (c *checker) advice(obj types.Object, o *origin, ret *retention) string {
	if obj != types.Object(o.Var) && o.Type.HasCopy() && c.holdsWriter(obj, o, ret, map[types.Object]bool{}) {
		return writeAdvice // writer := c.Writer; a copy has none
	}
	if obj != types.Object(o.Var) && o.Type.HasCopy() {
		if call, i := c.viaArg(obj, o, ret); call != nil && i >= 0 {
			return fmt.Sprintf("pass %s.%s() to %s instead", o.Var.Name(), o.Type.Copy, calleeName(call))
		}
	}
	return o.Type.HandoffFor(o.Var.Name())
}

// holdsWriter reports whether obj holds o's response writer: a value
// bound to c.Writer, to a method value of it (c.Writer.Write), or to a
// value or closure that mentions such a variable (writeData := func(...)
// { writer.Write(...) }). A copy has no writer, so "use a copy" does not
// fit (an SSE handler streaming through such a closure).
func (c *checker) holdsWriter(obj types.Object, o *origin, ret *retention, seen map[types.Object]bool) bool {
	if seen[obj] {
		return false
	}
	seen[obj] = true
	info := c.p.TypesInfo
	found := false
	ret.eachBinding(func(lhs types.Object, rhs ast.Expr, _ bool) {
		if found || lhs != obj {
			return
		}
		ast.Inspect(rhs, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[id] == types.Object(o.Var) && o.Type.IsWriter(n.Sel.Name) {
					found = true
				}
			case *ast.Ident:
				if v := info.Uses[n]; v != nil && v != obj && ret.held[v] != nil && c.holdsWriter(v, o, ret, seen) {
					found = true
				}
			}
			return !found
		})
	})
	return found
}

// viaArg returns the call that made obj hold o and the index of the
// argument that is o's variable itself, when the parameter there is an
// interface (a context.Context: a copy answers it as the original does);
// else -1.
func (c *checker) viaArg(obj types.Object, o *origin, ret *retention) (*ast.CallExpr, int) {
	call := ret.heldVia(obj)
	if call == nil {
		return nil, -1
	}
	sig, ok := c.p.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		return call, -1
	}
	for i, arg := range call.Args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok || c.p.TypesInfo.Uses[id] != types.Object(o.Var) {
			continue
		}
		if i < sig.Params().Len() && !(sig.Variadic() && i >= sig.Params().Len()-1) && types.IsInterface(sig.Params().At(i).Type()) {
			return call, i
		}
		return call, -1
	}
	return call, -1
}

// viaCopyFix passes c.Copy() to the call that made obj hold c.
func (c *checker) viaCopyFix(obj types.Object, o *origin, ret *retention) *analysis.SuggestedFix {
	call, i := c.viaArg(obj, o, ret)
	if call == nil || i < 0 {
		return nil
	}
	fix := c.wrapCopyFix(call.Args[i], o)
	if fix != nil {
		fix.Message = fmt.Sprintf("Pass %s.%s() to %s", o.Var.Name(), o.Type.Copy, calleeName(call))
	}
	return fix
}

// calleeName names the function a call calls, as its source spells the
// last part: "WithContext", "http.NewRequestWithContext".
func calleeName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id.Name + "." + f.Sel.Name
		}
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return types.ExprString(call.Fun)
}

// runsChain reports whether the goroutine runs the rest of the handler
// chain with the context: c.Next() (gin, hertz, fiber), or next(c), a call
// of a function value (echo's and fiber's middleware shape).
func (c *checker) runsChain(uses []use, o *origin) bool {
	for _, u := range uses {
		if sel, call := c.selectorOf(u.Ident); sel != nil {
			if call != nil && sel.Sel.Name == "Next" {
				return true
			}
			continue
		}
		cur, ok := c.p.Inspector().Root().FindByPos(u.Ident.Pos(), u.Ident.End())
		if !ok {
			continue
		}
		call, ok := cur.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun == ast.Expr(u.Ident) {
			continue
		}
		if _, ok := typeutil.Callee(c.p.TypesInfo, call).(*types.Var); ok {
			return true // next(c): a function value, the next handler
		}
	}
	return false
}

// chainAdvice is the advice when the goroutine runs the handler chain.
const chainAdvice = "the handler chain must run, and write the response, before the handler returns, so run it in the handler, or wait for the goroutine on every path before returning"

func startWord(l *goroutine.Launch) string {
	if l.Kind == goroutine.GoStmt {
		return "go statement"
	}
	return "call to " + l.Describe()
}

func (c *checker) reportArg(l *goroutine.Launch, e ast.Expr, o *origin, ret *retention) {
	c.reported[e.Pos()] = true
	related := []analysis.RelatedInformation{rule.Related(l.Node, "the goroutine starts here and is not waited for")}
	var obj types.Object
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		obj = c.p.TypesInfo.Uses[id]
	}
	direct := obj == nil || obj == types.Object(o.Var)
	var msg string
	if sel, ok := ast.Unparen(l.Fun).(*ast.SelectorExpr); ok && sel.X == e {
		holder := fmt.Sprintf("%s (%s)", types.ExprString(e), typeName(o))
		if !direct {
			holder = fmt.Sprintf("%s, which %s,", types.ExprString(e), holds(obj, o, ret))
		}
		msg = fmt.Sprintf("the goroutine runs %s.%s with %s bound as its receiver, and can outlive the handler; %s — %s",
			types.ExprString(e), sel.Sel.Name, holder, consequence(o), c.advice(obj, o, ret))
	} else {
		advice := passAdvice(o)
		if _, lit := ast.Unparen(e).(*ast.FuncLit); lit {
			advice = o.Type.HandoffFor(o.Var.Name()) // a closure over c: nothing to pass a copy for
		}
		if !direct {
			advice = c.advice(obj, o, ret)
		} else if o.Type.HasCopy() && c.writesParam(l, e, o) {
			advice = writeAdvice
		}
		if l.Call != nil {
			if _, ok := typeutil.Callee(c.p.TypesInfo, l.Call).(*types.Var); ok && l.Lit == nil {
				advice = chainAdvice // go next(c): the handler chain
			}
		}
		what := types.ExprString(e)
		if obj == nil {
			obj = o.Var
		}
		msg = fmt.Sprintf("%s handed to a goroutine that can outlive the handler; %s — %s",
			c.subject(what, obj, o, ret), consequence(o), advice)
	}
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Message: msg, Related: related}
	fix := c.argCopyFix(l, e, o)
	if fix == nil && !direct {
		fix = c.viaCopyFix(obj, o, ret)
	}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.p.ReportIn(l, d)
}

// writeAdvice is the advice when the goroutine writes the response.
const writeAdvice = "a copy cannot write the response, so write it in the handler, or wait for the goroutine on every path before returning"

// writesParam reports whether the function the goroutine of l runs
// certainly uses the parameter that e is passed as in a way a copy does
// not answer the same (writing the response, driving the chain):
// paramWrites, from its body in this package or its CopySafeFact in
// another.
func (c *checker) writesParam(l *goroutine.Launch, e ast.Expr, o *origin) bool {
	if l.Call == nil || l.Callee == nil {
		return false
	}
	sig, ok := c.p.TypesInfo.TypeOf(l.Call.Fun).(*types.Signature)
	if !ok {
		return false
	}
	for i, arg := range l.Call.Args {
		if arg == e && i < sig.Params().Len() && !(sig.Variadic() && i == sig.Params().Len()-1) && !types.IsInterface(sig.Params().At(i).Type()) {
			// Only what certainly writes: a function that hands c on to
			// code not seen (a dependency's, a function value) is not
			// known to.
			return c.paramWrites(l.Callee, i, o)
		}
	}
	return false
}

// anyWrites reports whether one of uses certainly does what a copy
// cannot (useWrites).
func (c *checker) anyWrites(uses []use, o *origin) bool {
	for _, u := range uses {
		if c.useWrites(u.Ident, o) {
			return true
		}
	}
	return false
}

// paramWrites reports whether fn certainly uses its parameter i (a pooled
// context, as o) in a way a copy does not answer: a writer method or
// field, the chain, Abort, or handing it to a function that does (of this
// package, or of another of the user's code by its CopySafeFact).
func (c *checker) paramWrites(fn *types.Func, i int, o *origin) bool {
	return c.paramHolds(fn, i, c.writes, func(f *CopySafeFact) []int { return f.Writes }, true, func(id *ast.Ident, _ *types.Var) bool {
		return c.useWrites(id, o)
	})
}

// paramHolds answers a question about fn's parameter i: in this package
// from fn's own uses of it (whether holds is true of every use or, with
// exists, of one), memoized in memo; in another, from the list of fn's
// CopySafeFact that listed picks. copySafeParam and paramWrites ask it.
func (c *checker) paramHolds(fn *types.Func, i int, memo map[paramKey]bool, listed func(*CopySafeFact) []int, exists bool, holds func(*ast.Ident, *types.Var) bool) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() != c.p.Pkg {
		var f CopySafeFact
		return c.p.ImportObjectFact(fn, &f) && slices.Contains(listed(&f), i)
	}
	decl := c.m.DeclOf(fn)
	sig := fn.Type().(*types.Signature)
	if decl == nil || i >= sig.Params().Len() {
		return false
	}
	key := paramKey{fn, i}
	if done, ok := memo[key]; ok {
		return done // false while being computed: a cycle proves nothing
	}
	memo[key] = false
	param := sig.Params().At(i)
	answer := !exists // decided when it turns: a use that fails (every), or one that holds (exists)
	c.m.Inspect(decl.Body, []ast.Node{(*ast.Ident)(nil)}, func(n ast.Node) bool {
		if answer == exists {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && c.p.TypesInfo.Uses[id] == types.Object(param) {
			answer = holds(id, param)
		}
		return answer != exists
	})
	memo[key] = answer
	return answer
}

// useWrites reports whether a use of the original certainly does what a
// copy cannot: a writer method or field, or an argument of a function
// that writes through that parameter.
func (c *checker) useWrites(id *ast.Ident, o *origin) bool {
	if sel, _ := c.selectorOf(id); sel != nil {
		return !c.sameOnCopy(use{Ident: id, Obj: o.Var, origin: o}, o)
	}
	cur, ok := c.p.Inspector().Root().FindByPos(id.Pos(), id.End())
	if !ok {
		return false
	}
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok {
		return false
	}
	for i, arg := range call.Args {
		if arg == ast.Expr(id) {
			return c.paramWrites(typeutil.StaticCallee(c.p.TypesInfo, call), i, o)
		}
	}
	return false
}

func passAdvice(o *origin) string {
	if o.Type.HasCopy() {
		return fmt.Sprintf("pass %s.%s() instead", o.Var.Name(), o.Type.Copy)
	}
	return o.Type.HandoffFor(o.Var.Name())
}

// checkHandoffCalls reports pooled contexts passed to functions that hand
// that parameter to a goroutine (HandoffFact), such as a service method in
// another package that starts go s.mail.Send(ctx), or to an interface
// method whose visible implementations do.
func (c *checker) checkHandoffCalls() {
	info := c.p.TypesInfo
	impls := map[*types.Func][]impl{}
	for cur := range c.p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		var targets []impl
		var via *types.Func // the interface method, if dynamic
		if callee := typeutil.StaticCallee(info, call); callee != nil {
			if fact := c.m.handoff(callee); fact != nil {
				targets = []impl{{fn: callee, fact: fact}}
			}
		} else if m := interfaceMethod(info, call); m != nil {
			if _, ok := impls[m]; !ok {
				impls[m] = c.handoffImpls(m)
			}
			via, targets = m, impls[m]
		}
		if len(targets) == 0 {
			continue
		}
		fn := top(cur)
		if fn == nil {
			continue
		}
		c.p.At(call)
		ret := c.m.pooledRetention(fn)
		for _, t := range targets {
			for _, ph := range t.fact.Params {
				if ph.Index >= len(call.Args) {
					continue
				}
				arg := call.Args[ph.Index]
				o := ret.retains(arg)
				if o == nil || o.Type == nil || c.reported[arg.Pos()] {
					continue
				}
				c.reported[arg.Pos()] = true
				var obj types.Object = o.Var
				if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
					obj = info.Uses[id]
				}
				to := goroutine.FuncName(t.fn) + ", which hands it"
				if via != nil {
					to = fmt.Sprintf("%s, whose implementation %s hands it", goroutine.FuncName(via), goroutine.FuncName(t.fn))
				}
				advice := passAdvice(o)
				if obj != types.Object(o.Var) {
					advice = c.advice(obj, o, ret)
				}
				d := analysis.Diagnostic{
					Pos: arg.Pos(), End: arg.End(),
					Message: fmt.Sprintf("%s passed as %s to %s to a goroutine that can outlive the handler (%s); %s — %s",
						c.subject(types.ExprString(arg), obj, o, ret), ph.Name, to, ph.Where, consequence(o), advice),
					Related: []analysis.RelatedInformation{{Pos: t.fn.Pos(), Message: fmt.Sprintf("%s hands %s to a goroutine (%s)", goroutine.FuncName(t.fn), ph.Name, ph.Where)}},
				}
				if fix := c.wrapCopyFix(arg, o); fix != nil {
					d.SuggestedFixes = []analysis.SuggestedFix{*fix}
				}
				c.p.Report(d)
			}
		}
	}
}

// checkCopyWrites reports responses written through a copy inside the
// goroutine: a copy has no writer (gin's Copy sets its ResponseWriter to
// nil), so the write panics — in a goroutine, where gin.Recovery cannot
// catch it.
func (c *checker) checkCopyWrites(l *goroutine.Launch, ret *retention) {
	for _, u := range ret.copyUses(l.Lit) {
		sel, _ := c.selectorOf(u.Ident)
		if sel == nil || !u.origin.Type.IsWriter(sel.Sel.Name) || c.reported[sel.Sel.Pos()] {
			continue
		}
		c.reported[sel.Sel.Pos()] = true
		c.p.ReportIn(l, analysis.Diagnostic{
			Pos: u.Ident.Pos(), End: sel.End(),
			Message: fmt.Sprintf("%s.%s writes the response through a copy of the context; a copy has no response writer, so this panics in the goroutine, where %s's recovery cannot catch it — write the response in the handler",
				u.Ident.Name, sel.Sel.Name, u.origin.Type.Framework),
		})
	}
}

// checkCopyKeys reports a copy's key store read inside the goroutine
// when the handler stored there a value holding the original
// (c.Set("x", &X{e: c})): Copy clones the map, not the values, so the
// goroutine reaches c through it.
func (c *checker) checkCopyKeys(l *goroutine.Launch, ret *retention) {
	for _, u := range ret.copyUses(l.Lit) {
		sel, call := c.selectorOf(u.Ident)
		if sel == nil || call == nil || !ret.keyStoreHolds(u.origin, sel.Sel.Name) || c.reported[call.Pos()] {
			continue
		}
		c.reported[call.Pos()] = true
		o := u.origin
		c.p.ReportIn(l, analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf("%s returns a value the handler stored holding %s (%s): %s copies the keys, not what they point to, so the goroutine reaches %s after the handler returns; %s — store the values the goroutine needs instead of %s",
				types.ExprString(call), o.Var.Name(), typeName(o), o.Type.Copy, o.Var.Name(), consequence(o), o.Var.Name()),
			Related: []analysis.RelatedInformation{rule.Related(l.Node, "the goroutine starts here and is not waited for")},
		})
	}
}

// selectorOf returns the selector id.X is the operand of, and the call it
// is the function of, if any.
func (c *checker) selectorOf(id *ast.Ident) (*ast.SelectorExpr, *ast.CallExpr) {
	cur, ok := c.p.Inspector().Root().FindByPos(id.Pos(), id.End())
	if !ok {
		return nil, nil
	}
	parent := cur.Parent()
	sel, ok := parent.Node().(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return nil, nil
	}
	call, _ := parent.Parent().Node().(*ast.CallExpr)
	if call != nil && call.Fun != sel {
		call = nil
	}
	return sel, call
}

// --- suggested fixes ---

// notOnCopy are methods whose effect on a copy differs from the original
// beyond writing: they drive the handler chain or set state the handler
// reads.
var notOnCopy = map[string]bool{
	"Next": true, "Abort": true, "Set": true, "Error": true, "SetAccepted": true,
	"Redirect": true, "Reset": true,
}

// copyFix declares cCp := c.Copy() before the launch and uses it in the
// goroutine. It is offered only when every use in the goroutine works the
// same on a copy.
func (c *checker) copyFix(l *goroutine.Launch, o *origin, uses []use) *analysis.SuggestedFix {
	if !c.allSameOnCopy(uses, o) {
		return nil
	}
	stmt, indent := c.launchStmt(l)
	if stmt == nil {
		return nil
	}
	newName := fixes.FreshName(c.p.Pass, o.Var.Name()+"Cp", stmt.Pos(), stmt)
	if newName == "" {
		return nil
	}
	at := fixes.Before(c.p.Pass, stmt) // a directive above the go statement stays there
	edits := []analysis.TextEdit{{
		Pos: at, End: at,
		NewText: []byte(fmt.Sprintf("%s := %s.%s()\n%s", newName, o.Var.Name(), o.Type.Copy, indent)),
	}}
	for _, u := range uses {
		edits = append(edits, analysis.TextEdit{Pos: u.Ident.Pos(), End: u.Ident.End(), NewText: []byte(newName)})
	}
	return &analysis.SuggestedFix{Message: fmt.Sprintf("Copy %s before starting the goroutine", o.Var.Name()), TextEdits: edits}
}

func (c *checker) allSameOnCopy(uses []use, o *origin) bool {
	for _, u := range uses {
		if !c.sameOnCopy(u, o) {
			return false
		}
	}
	return true
}

// sameOnCopy reports whether a use of the original behaves the same on a
// copy: reading request data, keys and params, or passing it on as a
// context.Context.
func (c *checker) sameOnCopy(u use, o *origin) bool {
	if sel, _ := c.selectorOf(u.Ident); sel != nil {
		return !o.Type.IsWriter(sel.Sel.Name) && !notOnCopy[sel.Sel.Name] && !strings.HasPrefix(sel.Sel.Name, "Abort")
	}
	// A bare use: fine as an argument whose parameter is an interface
	// (context.Context, any).
	cur, ok := c.p.Inspector().Root().FindByPos(u.Ident.Pos(), u.Ident.End())
	if !ok {
		return false
	}
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok {
		return false
	}
	sig, ok := c.p.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		return false
	}
	for i, arg := range call.Args {
		if arg == u.Ident {
			if sig.Variadic() && i >= sig.Params().Len()-1 {
				return false
			}
			if i >= sig.Params().Len() {
				return false
			}
			if types.IsInterface(sig.Params().At(i).Type()) {
				return true
			}
			return c.copySafeParam(typeutil.StaticCallee(c.p.TypesInfo, call), i, o)
		}
	}
	return false
}

// copySafeParam reports whether fn, a function of this package, uses its
// parameter i (a pooled context, as o) only in ways a copy answers the
// same — reading request data, keys and params, passing it on as a
// context.Context or to another such function — so that it can be handed
// c.Copy(): a helper that takes *gin.Context and never writes the
// response. A function of another package of the user's code says so by
// its CopySafeFact; a dependency's may write: false.
func (c *checker) copySafeParam(fn *types.Func, i int, o *origin) bool {
	return c.paramHolds(fn, i, c.copySafe, func(f *CopySafeFact) []int { return f.Params }, false, func(id *ast.Ident, param *types.Var) bool {
		return c.sameOnCopy(use{Ident: id, Obj: param, origin: o}, o)
	})
}

// CopySafeFact is exported for a function of the user's code that takes
// a pooled context with a Copy method (*gin.Context, hertz's
// *app.RequestContext) and uses it only in ways a copy answers the same
// (copySafeParam), so that a goroutine in another package may be handed
// c.Copy() for it: middleware.GetRequestUser(c) reads a key, and the
// advice and the fix are the copy's. Params are the parameter indices,
// receiver excluded.
type CopySafeFact struct {
	Params []int
	// Writes are the parameters it certainly uses as a copy cannot
	// (paramWrites): the advice for a goroutine handed c for one of them
	// is the write advice. A parameter in neither list is handed on to
	// code not seen.
	Writes []int
}

func (*CopySafeFact) AFact() {}

func (f *CopySafeFact) String() string {
	var parts []string
	if f.Params != nil {
		parts = append(parts, fmt.Sprintf("copysafe%v", f.Params))
	}
	if f.Writes != nil {
		parts = append(parts, fmt.Sprintf("writes%v", f.Writes))
	}
	return strings.Join(parts, " ")
}

// exportCopySafeFacts exports the CopySafeFacts of the package's exported
// functions (no other package can call the others) that are not shaped
// as handlers: a handler or middleware is registered on routes, not
// called with a context by a goroutine, and a fact for each of a
// service's hundreds of handlers would be paid for by every importer.
func (c *checker) exportCopySafeFacts() {
	for _, fd := range c.m.FuncDecls() {
		sig := fd.Obj.Type().(*types.Signature)
		if !fd.Obj.Exported() || c.handlerShaped(sig) {
			continue
		}
		f := &CopySafeFact{}
		for i := range sig.Params().Len() {
			v := sig.Params().At(i)
			t := c.m.table.Lookup(v.Type())
			if t == nil || !t.HasCopy() {
				continue
			}
			o := &origin{Var: v, Type: t}
			if c.copySafeParam(fd.Obj, i, o) {
				f.Params = append(f.Params, i)
			} else if c.paramWrites(fd.Obj, i, o) {
				f.Writes = append(f.Writes, i)
			}
		}
		if f.Params != nil || f.Writes != nil {
			c.p.ExportObjectFact(fd.Obj, f)
		}
	}
}

// handlerShaped reports whether sig is a framework handler's: no
// results, and every parameter a pooled context or a context.Context
// (gin's func(*gin.Context), hertz's func(context.Context,
// *app.RequestContext)).
func (c *checker) handlerShaped(sig *types.Signature) bool {
	if sig.Results().Len() > 0 {
		return false
	}
	for v := range sig.Params().Variables() {
		if c.m.table.Lookup(v.Type()) == nil && !goroutine.IsNamed(v.Type(), "context", "Context") {
			return false
		}
	}
	return true
}

type paramKey struct {
	fn *types.Func
	i  int
}

// renameFix replaces uses with the copy the goroutine already has, where
// its name resolves to that copy (nothing shadows it there).
func (c *checker) renameFix(uses []use, cp types.Object, msg string) *analysis.SuggestedFix {
	var edits []analysis.TextEdit
	for _, u := range uses {
		if !c.sameOnCopy(u, u.origin) || fixes.Lookup(c.p.Pass, cp.Name(), u.Ident.Pos()) != cp {
			return nil
		}
		edits = append(edits, analysis.TextEdit{Pos: u.Ident.Pos(), End: u.Ident.End(), NewText: []byte(cp.Name())})
	}
	return &analysis.SuggestedFix{Message: msg, TextEdits: edits}
}

// hoistCopyFix moves `x := c.Copy()`, the first statement of the
// goroutine's literal, before the go statement.
func (c *checker) hoistCopyFix(l *goroutine.Launch, call *ast.CallExpr, uses []use) *analysis.SuggestedFix {
	if l.Lit == nil || len(uses) != 1 || len(l.Lit.Body.List) == 0 {
		return nil
	}
	first, ok := l.Lit.Body.List[0].(*ast.AssignStmt)
	if !ok || first.Tok != token.DEFINE || len(first.Lhs) != 1 || len(first.Rhs) != 1 || first.Rhs[0] != call {
		return nil
	}
	id, ok := first.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	stmt, indent := c.launchStmt(l)
	if stmt == nil || fixes.FreshName(c.p.Pass, id.Name, stmt.Pos()) != id.Name {
		return nil // declared around the go statement too: moved there, it would clash or shadow
	}
	if !fixes.SameMeaning(c.p.Pass, call, stmt.Pos()) {
		return nil // go func(c *gin.Context) { x := c.Copy() ... }(other): c is another variable outside
	}
	text := fixes.Source(c.p.Pass, first.Pos(), first.End())
	if text == "" {
		return nil
	}
	// Delete the statement with the line it is on.
	delEnd := first.End()
	if len(l.Lit.Body.List) > 1 {
		delEnd = l.Lit.Body.List[1].Pos()
	}
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("Move %s before the %s", text, startWord(l)),
		TextEdits: []analysis.TextEdit{
			{Pos: fixes.Before(c.p.Pass, stmt), End: fixes.Before(c.p.Pass, stmt), NewText: []byte(text + "\n" + indent)},
			{Pos: first.Pos(), End: delEnd},
		},
	}
}

// argCopyFix replaces an argument c with c.Copy() when the goroutine's
// parameter is an interface (a context.Context: the copy answers Value,
// Done and Err as c does) — a function that wants *gin.Context might
// write the response, which a copy cannot.
func (c *checker) argCopyFix(l *goroutine.Launch, e ast.Expr, o *origin) *analysis.SuggestedFix {
	if l.Call == nil {
		return nil
	}
	sig, ok := c.p.TypesInfo.TypeOf(l.Call.Fun).(*types.Signature)
	if !ok {
		return nil
	}
	for i, arg := range l.Call.Args {
		if arg == e && i < sig.Params().Len() && !(sig.Variadic() && i == sig.Params().Len()-1) &&
			(types.IsInterface(sig.Params().At(i).Type()) || c.copySafeParam(l.Callee, i, o)) {
			return c.wrapCopyFix(e, o)
		}
	}
	return nil
}

// wrapCopyFix replaces the identifier c with c.Copy().
func (c *checker) wrapCopyFix(e ast.Expr, o *origin) *analysis.SuggestedFix {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || !o.Type.HasCopy() || c.p.TypesInfo.Uses[id] != types.Object(o.Var) {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Pass %s.%s()", id.Name, o.Type.Copy),
		TextEdits: []analysis.TextEdit{{Pos: id.End(), End: id.End(), NewText: []byte("." + o.Type.Copy + "()")}},
	}
}

// launchStmt returns the statement that starts the goroutine, if it sits
// directly in a statement list (so a declaration can go before it), and
// its indentation.
func (c *checker) launchStmt(l *goroutine.Launch) (ast.Stmt, string) {
	cur := l.Cursor
	if _, ok := l.Node.(*ast.CallExpr); ok {
		cur = cur.Parent()
		if _, ok := cur.Node().(*ast.ExprStmt); !ok {
			return nil, ""
		}
	}
	if !fixes.InStmtList(cur.Parent().Node()) {
		return nil, ""
	}
	stmt := cur.Node().(ast.Stmt)
	indent, ok := fixes.Indent(c.p.Pass, stmt)
	if !ok {
		return nil, "" // not first on its line
	}
	return stmt, indent
}
