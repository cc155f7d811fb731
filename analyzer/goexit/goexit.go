package goexit

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/loops"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

//go:embed doc.go
var doc string

// Flag names, without the "goexit." prefix the analyzer adds; they are
// also golangci-lint setting keys.
const (
	FlagMain  = "main"
	FlagScope = "scope"
)

// Scope values, as for gorecover.
const (
	ScopeHandlers = "handlers"
	ScopeAll      = "all"
)

// Options are goexit's per-analyzer settings.
type Options struct {
	// Main also checks goroutines started in main.main and init functions,
	// which live as long as the process anyway.
	Main bool
	// Scope says where endless loops are reported: in goroutines started
	// while serving a request (ScopeHandlers), or anywhere (ScopeAll).
	// The channel shapes are reported anywhere.
	Scope string
}

// RegisterFlags implements rule.Options.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.Main, FlagMain, o.Main, "also check goroutines started in main.main and init functions")
	fs.StringVar(&o.Scope, FlagScope, o.Scope, "where endless loops are reported: \"handlers\" (goroutines started while serving a request) or \"all\"")
}

// Validate reports a bad -goexit.scope when the configuration is checked,
// before any package is analyzed.
func (o *Options) Validate() error {
	switch o.Scope {
	case ScopeHandlers, ScopeAll, "":
		return nil
	}
	return fmt.Errorf("invalid -goexit.%s %q: want %q or %q", FlagScope, o.Scope, ScopeHandlers, ScopeAll)
}

// Rule is the goexit rule.
var Rule = &rule.Rule{
	Name:      "goexit",
	Title:     "goroutine that can never finish",
	Doc:       rule.ExtractDoc(doc, "goexit"),
	Default:   true,
	Since:     "v0.1.0",
	Options:   func() rule.Options { return &Options{Scope: ScopeHandlers} },
	FactTypes: []analysis.Fact{new(Fact)},
	Run:       run,
}

type checker struct {
	p      *rule.Pass
	m      *goroutine.Model
	opts   *Options
	locals map[*types.Func]*local
	// imported memoizes the facts of other packages' functions (nil for
	// none).
	imported map[*types.Func]*Fact
	// reach knows the endless goroutines calling a function starts; nil
	// with -goexit.scope=all.
	reach *goroutine.Reach[Why]
	// pending is the report of the launch being checked: one goroutine,
	// one report, whatever number of ways it can block (see report).
	pending *analysis.Diagnostic
}

func run(p *rule.Pass) error {
	opts, _ := p.Options.(*Options)
	if opts == nil {
		opts = &Options{Scope: ScopeHandlers}
	}
	if err := opts.Validate(); err != nil {
		return err // drivers that validate the configuration first never get here
	}
	c := &checker{p: p, m: p.Model(), opts: opts, locals: map[*types.Func]*local{}, imported: map[*types.Func]*Fact{}}
	// Facts first, in every package of the user's code: a worker package
	// that starts no goroutine itself still has functions others run as
	// goroutines.
	c.summarize()
	for _, l := range c.m.Launches() {
		p.At(l.Node)
		if !opts.Main && c.inMainOrInit(l.Cursor) {
			continue
		}
		c.checkEndless(l)
		c.checkSends(l)
		c.checkRanges(l)
		c.checkStopSignal(l)
		c.flush(l)
	}
	c.checkReturnedSenders()
	c.checkSessionChannels()
	if c.reach != nil {
		c.checkHelperCalls()
	}
	return nil
}

// report keeps d as the report of the launch being checked. A goroutine
// that can block in two places (a send on resc and one on errc, a send and
// a range) leaks once: the first place is the report, the others are
// related positions, and their buffer fixes join the first one's (one fix
// per diagnostic, since golangci-lint applies every alternative at once).
func (c *checker) report(d analysis.Diagnostic) {
	if c.pending == nil {
		c.pending = &d
		return
	}
	what, _, _ := strings.Cut(d.Message, " — ")
	c.pending.Related = append(c.pending.Related, analysis.RelatedInformation{Pos: d.Pos, End: d.End, Message: "and " + what})
	if len(d.SuggestedFixes) == 1 && len(c.pending.SuggestedFixes) == 1 {
		fix := &c.pending.SuggestedFixes[0]
		fix.TextEdits = append(slices.Clip(fix.TextEdits), d.SuggestedFixes[0].TextEdits...)
	} else {
		c.pending.SuggestedFixes = nil // a fix for one place only would leave the goroutine blocked at the other
	}
}

// flush reports the report of launch l, if any: a directive on the line
// of l's launch silences it too (Pass.ReportIn).
func (c *checker) flush(l *goroutine.Launch) {
	if c.pending != nil {
		c.p.ReportIn(l, *c.pending)
		c.pending = nil
	}
}

// inMainOrInit reports whether cur is in main.main or an init function:
// what they start lives as long as the process, as lostcancel reasons for
// main.main.
func (c *checker) inMainOrInit(cur inspector.Cursor) bool {
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		d := enc.Node().(*ast.FuncDecl)
		return d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "main" && c.p.Pkg.Name() == "main")
	}
	return false
}

// funcName names the function at fn for messages.
func (c *checker) funcName(fn ast.Node) string {
	if d, ok := fn.(*ast.FuncDecl); ok {
		return d.Name.Name
	}
	if c.m.IsHandler(fn) {
		return "the handler"
	}
	return "the function"
}

// --- endless loops ---

func (c *checker) checkEndless(l *goroutine.Launch) {
	var (
		loop   ast.Stmt
		body   *ast.BlockStmt
		callee *types.Func
		where  string
	)
	switch {
	case l.Lit != nil:
		body = l.Lit.Body
		if loop = c.endlessLoop(body); loop == nil {
			callee = c.endlessCall(body, nil)
		}
	case l.Callee != nil:
		callee = l.Callee
	}
	if loop == nil {
		f := c.fact(callee)
		if f == nil || f.Endless == nil {
			return
		}
		where = f.Endless.String()
		if s := c.locals[callee.Origin()]; s != nil && s.loop != nil {
			loop = s.loop
			body = goroutine.FuncBody(c.m.DeclOf(callee))
		}
	}
	request := c.m.InRequestScope(l) && !c.once(l)
	if !request && c.opts.Scope != ScopeAll {
		return // a background worker, started once: it lives with the process
	}
	// A Stop meant to end the goroutine does not: seen in
	// LyricTian/gin-admin, whose Release stops the ticker that autoLoad
	// ranges over.
	stopNote := ""
	if r, ok := loop.(*ast.RangeStmt); ok && isSelector(r.X) {
		stopNote = "Stop does not close a ticker's channel"
	}
	var what string
	switch {
	case callee != nil:
		verb := "calls"
		if l.Callee == callee {
			verb = "runs"
		}
		if stopNote != "" {
			where += "; " + stopNote
		}
		what = fmt.Sprintf("it %s %s, whose loop never ends (%s)", verb, goroutine.FuncName(callee), where)
	default:
		what = "its " + loopName(loop) + " has no return, no break out of it and no case for cancellation"
		if stopNote != "" {
			what += " (" + stopNote + ")"
		}
	}
	cost := "so every request that starts it leaves one more goroutine running"
	if !request {
		cost = "so it runs until the process exits, and nothing can stop it"
	}
	advice := "return when a context is done (case <-ctx.Done(): return) or a stop channel is closed"
	if loop != nil && body != nil {
		if _, breaks := c.loopOf(body, loop).Exits(); len(breaks) > 0 {
			line := c.p.Fset.Position(breaks[0].Pos()).Line
			advice = fmt.Sprintf("the break at line %d leaves only the select or switch, not the loop: return there, or break with a label on the loop", line)
		}
	}
	d := analysis.Diagnostic{
		Pos: l.Pos(), End: l.End(),
		Message: fmt.Sprintf("this goroutine never finishes: %s, %s — %s", what, cost, advice),
	}
	if loop != nil {
		d.Related = []analysis.RelatedInformation{rule.Related(loop, "this loop never ends")}
	}
	c.report(d)
}

func isSelector(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok
}

func loopName(loop ast.Stmt) string {
	if r, ok := loop.(*ast.RangeStmt); ok {
		return "range over " + types.ExprString(r.X)
	}
	return "for loop"
}

// --- premature return: a send nobody will receive ---

// sendsOf returns the local channel variables the goroutine of l sends
// on, each with the send to report (a send statement in a literal, the
// argument of a named function).
func (c *checker) sendsOf(l *goroutine.Launch) (vars []*types.Var, at map[*types.Var]ast.Node) {
	info := c.p.TypesInfo
	at = map[*types.Var]ast.Node{}
	note := func(e ast.Expr, n ast.Node) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return
		}
		if v, ok := info.Uses[id].(*types.Var); ok {
			if v = c.outerVar(l, v); at[v] == nil {
				vars = append(vars, v)
				at[v] = n
			}
		}
	}
	switch {
	case l.Lit != nil:
		c.eachBlockingSend(l.Lit.Body, func(s *ast.SendStmt) { note(s.Chan, s) })
	case l.Callee != nil && l.Call != nil:
		if f := c.fact(l.Callee); f != nil {
			for _, i := range f.Sends {
				if i < len(l.Call.Args) {
					note(l.Call.Args[i], l.Call.Args[i])
				}
			}
		}
	}
	return vars, at
}

func (c *checker) checkSends(l *goroutine.Launch) {
	fn := l.Encl
	if fn == nil {
		return
	}
	vars, at := c.sendsOf(l)
	for _, v := range vars {
		u := c.chanOf(fn, v, l, l.Node)
		if u == nil || u.make == nil || u.buffered || u.escapes || u.sends || u.returns > 0 {
			continue
		}
		if len(u.otherRecvs) > 0 {
			if len(u.recvs) == 0 {
				c.checkOtherReceiver(l, fn, u, at[v])
			}
			continue
		}
		recvs := append(c.drains(l, vars, u.recvs), c.testDone(fn)...)
		ret := c.m.ReturnAvoiding(fn, l.Node, recvs)
		if ret == nil {
			// Received on every path that returns; but once per sender,
			// and until the last one?
			if !c.checkAbandonedRange(l, fn, u, recvs, at[v]) {
				c.checkFanOut(l, fn, u, recvs, at[v])
			}
			continue
		}
		c.reportSend(l, fn, u, at[v], ret)
	}
}

func (c *checker) reportSend(l *goroutine.Launch, fn ast.Node, u *chanUse, send, ret ast.Node) {
	name := c.funcName(fn)
	ch := u.v.Name()
	blocked := c.blockedOn(l, u, send)
	var when string
	switch {
	case len(u.recvs) == 0:
		when = fmt.Sprintf("nothing in %s receives from %s", name, ch)
	default:
		when = fmt.Sprintf("%s can return %s without receiving from %s", name, c.howReturns(fn, u, ret), ch)
	}
	d := analysis.Diagnostic{
		Pos: send.Pos(), End: send.End(),
		Message: fmt.Sprintf("the goroutine blocks forever %s: %s, which is unbuffered, and then nothing ever will — %s", blocked, when, c.bufferAdvice(l, u, send)),
	}
	if r, ok := ret.(*ast.ReturnStmt); ok {
		d.Related = []analysis.RelatedInformation{rule.Related(r, "%s returns here without receiving from %s", name, ch)}
	} else if b := goroutine.FuncBody(fn); b != nil {
		d.Related = []analysis.RelatedInformation{{Pos: b.Rbrace, End: b.Rbrace + 1, Message: fmt.Sprintf("%s ends here without receiving from %s", name, ch)}}
	}
	if fix := c.bufferFix(l, u, send); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.report(d)
}

// checkAbandonedRange reports an abandoned fan-in: the function ranges
// over the channel, which takes every send only if the range runs until
// the channel is closed (by a closer goroutine's wg.Wait(); close(ch)), but
// a return or break in its body leaves it early — on the first error — and
// the senders still to send block forever. It applies when there can be
// more sends than the range has taken by then: goroutines started in a
// loop, or a goroutine that sends in a loop. After a break, a later
// receive that drains the channel (another range over it) is a receive.
func (c *checker) checkAbandonedRange(l *goroutine.Launch, fn ast.Node, u *chanUse, recvs []ast.Node, send ast.Node) bool {
	info := c.p.TypesInfo
	if loops.Enclosing(info, l.Cursor) == nil && !c.sendsInLoop(l, send) {
		return false // one send: the range's first iteration takes it
	}
	root := c.p.Inspector().Root()
	for _, r := range recvs {
		rs, ok := r.(*ast.RangeStmt)
		if !ok {
			continue // a plain receive in a loop may end on !ok, after the close
		}
		cur, ok := root.FindNode(rs)
		if !ok {
			continue
		}
		labeled, _ := cur.Parent().Node().(*ast.LabeledStmt)
		exit, _ := loops.New(info, rs, labeled).Exits()
		if exit == nil {
			continue
		}
		if _, ok := exit.(*ast.CallExpr); ok {
			continue // panic, log.Fatal: the process or the request ends
		}
		// From the range (go/cfg has no node for a break) to a return
		// that passes no other receive.
		others := slices.DeleteFunc(slices.Clone(recvs), func(n ast.Node) bool { return n == r })
		if c.m.ReturnAvoiding(fn, rs.X, others) == nil {
			continue
		}
		ch, name := u.v.Name(), c.funcName(fn)
		how := "returns out"
		if b, ok := exit.(*ast.BranchStmt); ok {
			how = b.Tok.String() + "s out"
		}
		d := analysis.Diagnostic{
			Pos: send.Pos(), End: send.End(),
			Message: fmt.Sprintf("the goroutine blocks forever %s: %s ranges over %s, which is unbuffered, but %s of the range at line %d before every sender has sent, and then nothing receives from %s again — %s",
				c.blockedOn(l, u, send), name, ch, how, c.p.Fset.Position(exit.Pos()).Line, ch, c.bufferAdvice(l, u, send)),
			Related: []analysis.RelatedInformation{rule.Related(exit, "%s leaves the range over %s here, with senders still to send", name, ch)},
		}
		if fix := c.bufferFix(l, u, send); fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		c.report(d)
		return true
	}
	return false
}

// sendsInLoop reports whether send, in the goroutine of l, is in a loop of
// the goroutine's own.
func (c *checker) sendsInLoop(l *goroutine.Launch, send ast.Node) bool {
	if l.Lit == nil {
		return false
	}
	cur, ok := c.p.Inspector().Root().FindNode(send)
	if !ok {
		return false
	}
	loop := loops.Enclosing(c.p.TypesInfo, cur)
	return loop != nil && l.Lit.Pos() <= loop.Stmt.Pos() && loop.Stmt.Pos() < l.Lit.End()
}

// drains returns recvs with each select case that receives from one of
// the goroutine's channels replaced by the loop around the select, when
// that loop drains them: every case of the select receives from one of
// vars, the select runs on every iteration, and the loop ends only by its
// condition. Each sender sends once, on one of its channels (a result or
// an error), and such a loop receives once per iteration — as a loop
// with a plain receive, it is taken to receive everything sent:
//
//	for i := 0; i < len(urls); i++ {
//		select {
//		case r := <-resc:
//		case err := <-errc:
//		}
//	}
func (c *checker) drains(l *goroutine.Launch, vars []*types.Var, recvs []ast.Node) []ast.Node {
	out := make([]ast.Node, 0, len(recvs))
	for _, r := range recvs {
		cc, ok := r.(*ast.CommClause)
		if !ok {
			out = append(out, r)
			continue
		}
		if loop := c.drainLoop(l, vars, cc); loop != nil {
			out = append(out, loop)
		} else {
			out = append(out, r)
		}
	}
	return out
}

func (c *checker) drainLoop(l *goroutine.Launch, vars []*types.Var, cc *ast.CommClause) ast.Stmt {
	info := c.p.TypesInfo
	cur, ok := c.p.Inspector().Root().FindNode(cc)
	if !ok {
		return nil
	}
	selCur := cur.Parent().Parent()
	sel, ok := selCur.Node().(*ast.SelectStmt)
	if !ok {
		return nil
	}
	for _, s := range sel.Body.List {
		ch := astx.RecvChan(s.(*ast.CommClause))
		id, ok := ast.Unparen(ch).(*ast.Ident)
		if !ok {
			return nil // a default, a send, another channel: a case that receives nothing of ours
		}
		v, _ := info.Uses[id].(*types.Var)
		if v == nil || !slices.Contains(vars, c.outerVar(l, v)) {
			return nil
		}
	}
	loop := loops.Enclosing(info, selCur)
	if loop == nil || loop.Stmt.Pos() <= l.Node.Pos() && l.Node.Pos() < loop.Stmt.End() {
		return nil
	}
	// The select is a statement of the loop's body, before any continue.
	body := loop.Body()
	if selCur.Parent().Node() != body {
		return nil
	}
	for _, s := range body.List {
		if s == sel {
			break
		}
		skips := false
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
				return false
			case *ast.BranchStmt:
				skips = skips || n.Tok == token.CONTINUE || n.Tok == token.GOTO
			}
			return !skips
		})
		if skips {
			return nil // a continue before the select skips its receive
		}
	}
	if exit, _ := loop.Exits(); exit != nil {
		return nil // a return or break out leaves senders behind
	}
	return loop.Stmt
}

// testDone returns the select cases of fn that wait for t.Context().Done()
// of a *testing.T, B or F: the testing package cancels that context after
// the test function returns, so the case cannot fire while fn runs, and a
// path through it is no return. ReturnAvoiding takes them as passed.
func (c *checker) testDone(fn ast.Node) []ast.Node {
	if !astx.Imports(c.p.Pkg, "testing") {
		return nil
	}
	var out []ast.Node
	c.m.InspectNoLits(goroutine.FuncBody(fn), nil, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok && c.isTestContextDone(astx.RecvChan(cc), fn) {
			out = append(out, cc)
		}
		return true
	})
	return out
}

// isTestContextDone reports whether e is t.Context().Done(), directly or
// through a variable set once to t.Context() in fn.
func (c *checker) isTestContextDone(e ast.Expr, fn ast.Node) bool {
	info := c.p.TypesInfo
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return false
	}
	x := ast.Unparen(sel.X)
	if id, ok := x.(*ast.Ident); ok {
		v, _ := info.Uses[id].(*types.Var)
		if v == nil {
			return false
		}
		x = c.onlyValue(v, fn)
		if x == nil {
			return false
		}
	}
	ctxCall, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	m, ok := typeutil.Callee(info, ctxCall).(*types.Func)
	if !ok || m.Name() != "Context" || m.Pkg() == nil || m.Pkg().Path() != "testing" {
		return false
	}
	return m.Type().(*types.Signature).Recv() != nil
}

// onlyValue returns the value fn's body sets v to, if it sets it exactly
// once (by := or =, never by address).
func (c *checker) onlyValue(v *types.Var, fn ast.Node) ast.Expr {
	info := c.p.TypesInfo
	var value ast.Expr
	n := 0
	ast.Inspect(goroutine.FuncBody(fn), func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.AssignStmt:
			for i, l := range node.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					n++
					if len(node.Lhs) == len(node.Rhs) {
						value = node.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range node.Names {
				if info.Defs[id] == v {
					n++
					if i < len(node.Values) {
						value = node.Values[i]
					}
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(node.X).(*ast.Ident); ok && node.Op == token.AND && info.Uses[id] == v {
				n += 2
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return value
}

// howReturns describes the path by which fn returns without receiving:
// through the other case of the select that receives, if there is one.
func (c *checker) howReturns(fn ast.Node, u *chanUse, ret ast.Node) string {
	for _, r := range u.recvs {
		cc, ok := r.(*ast.CommClause)
		if !ok {
			continue
		}
		cur, ok := c.p.Inspector().Root().FindNode(cc)
		if !ok {
			continue
		}
		sel := cur.Parent().Parent().Node().(*ast.SelectStmt)
		for _, s := range sel.Body.List {
			if other := s.(*ast.CommClause); other != cc {
				if other.Comm == nil {
					return "through the default case"
				}
				return "through the case " + commText(other.Comm)
			}
		}
	}
	if r, ok := ret.(*ast.ReturnStmt); ok {
		return fmt.Sprintf("at line %d", c.p.Fset.Position(r.Pos()).Line)
	}
	return "by running to its end"
}

func commText(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return types.ExprString(s.X)
	case *ast.AssignStmt:
		return types.ExprString(s.Rhs[0])
	case *ast.SendStmt:
		return types.ExprString(s.Chan) + " <- " + types.ExprString(s.Value)
	}
	return "another case"
}

// outerVar returns the variable of the launching function that v stands
// for in the goroutine: the argument for a parameter of the literal in
// `go func(out chan<- T) { ... }(ch)`, else v itself.
func (c *checker) outerVar(l *goroutine.Launch, v types.Object) *types.Var {
	res, _ := v.(*types.Var)
	if l.Lit == nil || l.Call == nil || ast.Unparen(l.Call.Fun) != l.Lit || res == nil {
		return res
	}
	sig, ok := c.p.TypesInfo.TypeOf(l.Lit).(*types.Signature)
	if !ok || sig.Variadic() {
		return res
	}
	for i := 0; i < sig.Params().Len() && i < len(l.Call.Args); i++ {
		if sig.Params().At(i) == res {
			if id, ok := ast.Unparen(l.Call.Args[i]).(*ast.Ident); ok {
				if outer, ok := c.p.TypesInfo.Uses[id].(*types.Var); ok {
					return outer
				}
			}
		}
	}
	return res
}

// --- range over a channel nobody closes ---

func (c *checker) checkRanges(l *goroutine.Launch) {
	fn := l.Encl
	if fn == nil {
		return
	}
	info := c.p.TypesInfo
	var vars []*types.Var
	note := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				vars = append(vars, c.outerVar(l, v))
			}
		}
	}
	switch {
	case l.Lit != nil:
		c.m.InspectNoLits(l.Lit.Body, nil, func(n ast.Node) bool {
			if r, ok := n.(*ast.RangeStmt); ok {
				note(r.X)
			}
			return true
		})
	case l.Callee != nil && l.Call != nil:
		if f := c.fact(l.Callee); f != nil {
			for _, i := range f.Ranges {
				if i < len(l.Call.Args) {
					note(l.Call.Args[i])
				}
			}
		}
	}
	seen := map[*types.Var]bool{}
	for _, v := range vars {
		if seen[v] {
			continue
		}
		seen[v] = true
		u := c.chanOf(fn, v, l, l.Node)
		if u == nil || u.make == nil || u.unknown() || u.returns > 0 {
			continue
		}
		name := c.funcName(fn)
		who := "it ranges"
		if l.Lit == nil && l.Callee != nil {
			who = fmt.Sprintf("it runs %s, ranging", goroutine.FuncName(l.Callee))
		}
		if u.closed {
			c.checkPartialClose(l, fn, u, who)
			continue
		}
		if c.m.ReturnAvoiding(fn, l.Node, nil) == nil {
			continue // the function never returns: it may go on sending
		}
		c.report(analysis.Diagnostic{
			Pos: l.Pos(), End: l.End(),
			Message: fmt.Sprintf("this goroutine never finishes: %s over %s, which %s never closes and hands to no one else, so once the sends stop it waits for another value forever — close(%s) after the last send", who, v.Name(), name, v.Name()),
			Related: []analysis.RelatedInformation{{Pos: u.make.Pos(), End: u.make.End(), Message: fmt.Sprintf("%s is made here", v.Name())}},
		})
	}
}

// checkPartialClose reports a range over a channel that fn closes on some
// paths only: an early return (a validation error, ctx.Done()) skips the
// close, and the goroutine waits for another value forever.
func (c *checker) checkPartialClose(l *goroutine.Launch, fn ast.Node, u *chanUse, who string) {
	if u.deferClosed || u.closedElsewhere || len(u.closes) == 0 {
		return // closed on every path, or by code we do not follow
	}
	ret := c.m.ReturnAvoiding(fn, l.Node, u.closes)
	if ret == nil {
		return
	}
	ch, name := u.v.Name(), c.funcName(fn)
	advice := fmt.Sprintf("defer close(%s) where it is made", ch)
	if u.otherSends {
		// Another goroutine may still send after fn returns: a deferred
		// close could make that send panic.
		advice = fmt.Sprintf("close(%s) on every path that returns", ch)
	}
	how := "by running to its end"
	if r, ok := ret.(*ast.ReturnStmt); ok {
		how = fmt.Sprintf("at line %d", c.p.Fset.Position(r.Pos()).Line)
	}
	d := analysis.Diagnostic{
		Pos: l.Pos(), End: l.End(),
		Message: fmt.Sprintf("this goroutine never finishes: %s over %s, which %s closes on some paths only — it can return %s without closing %s, and then the range waits for another value forever — %s",
			who, ch, name, how, ch, advice),
		Related: []analysis.RelatedInformation{rule.Related(u.closes[0], "%s is closed here, on some paths only", ch)},
	}
	if r, ok := ret.(*ast.ReturnStmt); ok {
		d.Related = append(d.Related, rule.Related(r, "%s returns here without closing %s", name, ch))
	}
	c.report(d)
}

// --- channels returned by a function whose goroutine sends on them ---

// checkReturnedSenders reports calls of functions with a Returns fact
// whose caller can return without receiving from the channel they return:
// `select { case <-remove(): case <-time.After(d): return }`.
func (c *checker) checkReturnedSenders() {
	info := c.p.TypesInfo
	for cur := range c.p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		callee := typeutil.StaticCallee(info, call)
		if callee == nil || !returnsChan(callee) {
			continue
		}
		f := c.fact(callee)
		if f == nil || f.Returns == nil {
			continue
		}
		if !c.opts.Main && c.inMainOrInit(cur) {
			continue
		}
		var fnCur inspector.Cursor
		for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			fnCur = enc
			break
		}
		if !fnCur.Valid() {
			continue
		}
		fn := fnCur.Node()
		c.p.At(call)
		recvs, ok := c.resultRecvs(cur, fn)
		if !ok {
			continue
		}
		ret := c.m.ReturnAvoiding(fn, call, append(recvs, c.testDone(fn)...))
		if ret == nil {
			continue
		}
		name := c.funcName(fn)
		how := "without receiving from it"
		for _, r := range recvs {
			if cc, ok := r.(*ast.CommClause); ok {
				if sel, ok := c.selectOf(cc); ok {
					for _, s := range sel.Body.List {
						if other := s.(*ast.CommClause); other != cc {
							if other.Comm == nil {
								how = "through the default case, without receiving from it"
							} else {
								how = "through the case " + commText(other.Comm) + ", without receiving from it"
							}
							break
						}
					}
				}
			}
		}
		if len(recvs) == 0 {
			how = "and nothing receives from it"
		}
		d := analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf("%s returns a channel that its goroutine (%s) sends on, unbuffered; %s can return %s, and then that goroutine blocks forever — make the channel in %s buffered: make(%s, 1)",
				goroutine.FuncName(callee), f.Returns, name, how, callee.Name(), c.chanType(callee.Type().(*types.Signature).Results().At(0).Type(), call.Pos())),
		}
		if r, ok := ret.(*ast.ReturnStmt); ok {
			d.Related = []analysis.RelatedInformation{rule.Related(r, "%s returns here without receiving", name)}
		}
		c.p.Report(d)
	}
}

// chanType spells a channel type for a make in advice: chan T, with T
// written as the file at pos writes it (the import's name, or nothing for
// a dot import and this package).
func (c *checker) chanType(t types.Type, pos token.Pos) string {
	if ch, ok := t.Underlying().(*types.Chan); ok {
		t = types.NewChan(types.SendRecv, ch.Elem())
	}
	return types.TypeString(t, c.qualifier(pos))
}

// qualifier names packages as the file at pos imports them; a package the
// file does not import goes by its name.
func (c *checker) qualifier(pos token.Pos) types.Qualifier {
	file := fixes.File(c.p.Pass, pos)
	return func(p *types.Package) string {
		if p == c.p.Pkg {
			return ""
		}
		if file != nil {
			for _, spec := range file.Imports {
				if path, err := strconv.Unquote(spec.Path.Value); err != nil || path != p.Path() {
					continue
				}
				switch {
				case spec.Name == nil:
					return p.Name()
				case spec.Name.Name == ".":
					return ""
				case spec.Name.Name != "_":
					return spec.Name.Name
				}
			}
		}
		return p.Name()
	}
}

func returnsChan(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	if res.Len() != 1 {
		return false
	}
	_, ok := res.At(0).Type().Underlying().(*types.Chan)
	return ok
}

func (c *checker) selectOf(cc *ast.CommClause) (*ast.SelectStmt, bool) {
	cur, ok := c.p.Inspector().Root().FindNode(cc)
	if !ok {
		return nil, false
	}
	sel, ok := cur.Parent().Parent().Node().(*ast.SelectStmt)
	return sel, ok
}

// resultRecvs returns where fn receives from the channel the call at cur
// returns, and false if we cannot tell (it is stored, passed on, ...) or
// it is received at once.
func (c *checker) resultRecvs(cur inspector.Cursor, fn ast.Node) ([]ast.Node, bool) {
	n := cur
	for {
		if _, ok := n.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		n = n.Parent()
	}
	switch p := n.Parent().Node().(type) {
	case *ast.ExprStmt:
		return nil, true // the channel is dropped
	case *ast.UnaryExpr:
		if p.Op != token.ARROW {
			return nil, false
		}
		stmt := n.Parent().Parent()
		if cc, ok := stmt.Parent().Node().(*ast.CommClause); ok && cc.Comm == stmt.Node() {
			return []ast.Node{cc}, true
		}
		return nil, false // a plain receive waits for the send
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE || len(p.Lhs) != 1 || len(p.Rhs) != 1 {
			return nil, false
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return nil, false
		}
		v, _ := c.p.TypesInfo.Defs[id].(*types.Var)
		u := c.chanOf(fn, v, nil, cur.Node())
		if u == nil || u.unknown() || u.sends || u.returns > 0 {
			return nil, false
		}
		return u.recvs, true
	}
	return nil, false
}
