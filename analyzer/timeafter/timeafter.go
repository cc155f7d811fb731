package timeafter

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/loops"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

//go:embed doc.go
var doc string

// Rule is the timeafter rule.
var Rule = &rule.Rule{
	Name:    "timeafter",
	Title:   "time.After or time.Tick evaluated on every iteration of a loop",
	Doc:     rule.ExtractDoc(doc, "timeafter"),
	Default: true,
	Since:   "v0.1.0",
	Options: func() rule.Options { return new(Options) },
	Run:     run,
}

// FlagRestarts turns on the report of time.After in a loop in code for
// Go 1.23 and later (without the "timeafter." prefix the analyzer adds;
// also the golangci-lint setting key).
const FlagRestarts = "restarts"

// Options are timeafter's settings.
type Options struct {
	// Restarts reports time.After in a loop also where timers are
	// collected (Go 1.23 and later): the timeout restarts on every
	// iteration, which is an idle timeout's meaning and not a leak.
	Restarts bool
}

// RegisterFlags implements rule.Options.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.Restarts, FlagRestarts, o.Restarts, "also report time.After in a loop in Go 1.23+ code, where timers are collected and the timeout restarts on every iteration")
}

// go1.23 made unreferenced timers and tickers collectable before they fire
// or are stopped, and made Reset discard a stale value in the channel
// (https://go.dev/doc/go1.23#timer-changes). Which behaviour a program
// gets follows the go line of its module, as the file's version reports.
const go123 = "go1.23"

func run(p *rule.Pass) error {
	if !astx.Imports(p.Pkg, "time") {
		return nil
	}
	info := p.TypesInfo
	seams := seamsOf(p)
	opts, _ := p.Options.(*Options)
	restarts := opts != nil && opts.Restarts
	for cur := range p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		var fn *types.Func
		var seam *types.Var
		switch callee := typeutil.Callee(info, call).(type) {
		case *types.Func:
			fn = callee
		case *types.Var:
			fn, seam = seams[callee], callee
		}
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Type().(*types.Signature).Recv() != nil || len(call.Args) != 1 {
			continue
		}
		p.At(call)
		c := &check{p: p, cur: cur, call: call, old: isOld(p.Pass, call.Pos()), seam: seam, fn: fn}
		switch fn.Name() {
		case "After":
			// From Go 1.23 an unfired timer is collected: what is left is
			// the restart, an idle timeout's meaning (see the doc).
			if c.old || restarts {
				c.after()
			}
		case "Tick":
			c.tick()
		case "NewTicker":
			if c.old {
				c.ticker()
			}
		}
	}
	return nil
}

// isOld reports whether the file holding pos is compiled for a Go version
// before 1.23. An unknown version is taken to be the toolchain's own.
func isOld(pass *analysis.Pass, pos token.Pos) bool {
	v := fixes.GoVersionAt(pass, pos)
	return v != "" && version.Compare(v, go123) < 0
}

type check struct {
	p    *rule.Pass
	cur  inspector.Cursor
	call *ast.CallExpr
	old  bool
	// seam is the variable called, when the call goes through one set
	// to fn (var after = time.After); nil for a direct call.
	seam *types.Var
	fn   *types.Func
}

// seamsOf returns the variables of the package whose value is a function
// of package time: declared with it as their value (var after =
// time.After, a test seam; after := time.After) and assigned nothing else
// in the package's non-test files. Calling one allocates per call just as
// calling the function does. Tests may put a fake there; the program runs
// with time's. Seams of other packages are not followed (their
// initializers are not in this package's syntax).
func seamsOf(p *rule.Pass) map[*types.Var]*types.Func {
	info := p.TypesInfo
	timeFunc := func(e ast.Expr) *types.Func {
		var id *ast.Ident
		switch e := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			id = e.Sel
		case *ast.Ident:
			id = e
		default:
			return nil
		}
		fn, ok := info.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Type().(*types.Signature).Recv() != nil {
			return nil
		}
		switch fn.Name() {
		case "After", "Tick":
			return fn
		}
		return nil
	}
	seams := map[*types.Var]*types.Func{}
	other := map[*types.Var]bool{} // assigned something else, or its address taken
	note := func(id *ast.Ident, value ast.Expr) {
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		if fn := timeFunc(value); fn != nil && (seams[v] == nil || seams[v] == fn) {
			seams[v] = fn
		} else {
			other[v] = true
		}
	}
	for _, f := range p.Files {
		if astx.InTestFile(p.Fset, f.Pos()) {
			continue // a test's fake is the test's business
		}
		p.Model().Inspect(f, []ast.Node{(*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if i < len(n.Values) && len(n.Names) == len(n.Values) {
						note(id, n.Values[i])
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					id, ok := ast.Unparen(l).(*ast.Ident)
					if !ok {
						continue
					}
					if len(n.Lhs) == len(n.Rhs) {
						note(id, n.Rhs[i])
					} else if v, ok := info.ObjectOf(id).(*types.Var); ok {
						other[v] = true
					}
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
					if v, ok := info.Uses[id].(*types.Var); ok {
						other[v] = true
					}
				}
			}
			return true
		})
	}
	for v := range other {
		delete(seams, v)
	}
	return seams
}

// callName is how a message names the call: after(d) (time.After) for
// one through a seam.
func (c *check) callName() string {
	s := types.ExprString(c.call)
	if c.seam != nil {
		s += " (" + c.fn.Pkg().Name() + "." + c.fn.Name() + ")"
	}
	return s
}

// after reports time.After whose select, in a loop, has a case that
// carries the loop on while the timer is pending.
func (c *check) after() {
	info := c.p.TypesInfo
	loop := loops.Enclosing(info, c.cur)
	if loop == nil {
		return
	}
	sel, clause, direct := c.selectOf(loop)
	if !sel.Valid() {
		return // e.g. <-time.After(d) used as a sleep: one timer at a time
	}
	// A select followed by a return (in the same iteration) runs once:
	// only a case that continues the loop itself carries it on.
	after := leavesAfter(loop, sel)
	var carry []*ast.CommClause
	for _, s := range sel.Node().(*ast.SelectStmt).Body.List {
		cc := s.(*ast.CommClause)
		if cc == clause || loop.Leaves(cc.Body) || c.perIteration(cc, loop) || c.stopSignal(cc, loop) || countedWait(c.p.TypesInfo, loop, sel.Node()) {
			continue
		}
		if after && !continues(loop, cc.Body) {
			continue
		}
		carry = append(carry, cc)
	}
	if len(carry) == 0 {
		return // every other case leaves the loop: one timer at a time
	}
	d := types.ExprString(c.call.Args[0])
	other := caseName(carry[0])
	var msg string
	if c.old {
		msg = fmt.Sprintf("%s makes a new timer on every iteration of this loop, and before Go 1.23 each one stays in memory until it fires: while %s carries the loop on, timers pile up, and the timeout restarts every time — create one timer before the loop (or a deadline, if the timeout is for the whole loop)",
			c.callName(), other)
	} else {
		msg = fmt.Sprintf("%s makes a new timer on every iteration of this loop: each time %s carries the loop on, the timeout restarts (it fires only after %s with no other case) and another timer is allocated — create one timer before the loop and Reset it, or create it once if the timeout is for the whole loop",
			c.callName(), other, d)
	}
	diag := analysis.Diagnostic{
		Pos: c.call.Pos(), End: c.call.End(), Message: msg,
		Related: []analysis.RelatedInformation{{
			Pos: carry[0].Case, End: carry[0].Colon + 1,
			Message: "this case carries the loop on while the timer is pending",
		}},
	}
	// No fix through a seam: a timer made with time.NewTimer would bypass
	// what the tests put there.
	if direct && !c.old && c.seam == nil {
		if fix := c.hoistFix(loop, sel); fix != nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
	}
	c.p.Report(diag)
}

// perIteration reports whether the case waits on a channel made afresh
// in each iteration (done := make(chan struct{}) in the loop body, the
// Done() of a context that is the range variable): then
// the select is a one-shot wait with a timeout, repeated, as in
//
//	for _, job := range jobs {
//		done := make(chan struct{})
//		go run(job, done)
//		select {
//		case <-done:
//		case <-time.After(d):
//			return errTimeout
//		}
//	}
//
// and a timeout per iteration is what the author means (found in
// apache/answer's and nezha's tests). A long-lived channel beside the timer is the
// busy-channel shape the rule is about.
func (c *check) perIteration(cc *ast.CommClause, loop *loops.Loop) bool {
	var ch ast.Expr
	switch comm := cc.Comm.(type) {
	case *ast.SendStmt:
		ch = comm.Chan
	default:
		ch = astx.RecvChan(cc)
	}
	for {
		switch e := ast.Unparen(ch).(type) {
		case *ast.SelectorExpr:
			ch = e.X
			continue
		case *ast.CallExpr: // ctx.Done() on a ctx of this iteration
			ch = e.Fun
			continue
		case *ast.Ident:
			obj := c.p.TypesInfo.Uses[e]
			return obj != nil && loop.Stmt.Pos() <= obj.Pos() && obj.Pos() < loop.Stmt.End()
		}
		return false
	}
}

// countedWait reports whether loop only waits, once per iteration, a
// number of times fixed when it starts: its body is the select sel and
// nothing else, and it is counted — a range over an integer, a slice, an
// array, a map or a string, or `for i := ...; i < n; i++` with i left
// alone. It waits for a known number of events:
//
//	for range readers {
//		select {
//		case <-returned:
//		case <-time.After(time.Second):
//			t.Fatal("a reader did not return")
//		}
//	}
//
// A timeout per awaited event is what such a loop means, and it makes at
// most that many timers (a test waiting for each of its readers).
// The rule is about loops that go on while a busy channel is served: a
// counted loop that does other work beside the select (Drain in the
// tests) is still reported.
func countedWait(info *types.Info, loop *loops.Loop, sel ast.Node) bool {
	body := loop.Body()
	if body == nil || len(body.List) != 1 || body.List[0] != sel {
		return false
	}
	switch s := loop.Stmt.(type) {
	case *ast.RangeStmt:
		switch t := typesx.Underlying(info, s.X).(type) {
		case *types.Basic:
			return t.Info()&(types.IsInteger|types.IsString) != 0
		case *types.Slice, *types.Array, *types.Map:
			return true
		case *types.Pointer:
			_, ok := t.Elem().Underlying().(*types.Array)
			return ok
		}
	case *ast.ForStmt:
		init, ok := s.Init.(*ast.AssignStmt)
		cond, ok2 := s.Cond.(*ast.BinaryExpr)
		post, ok3 := s.Post.(*ast.IncDecStmt)
		if !ok || !ok2 || !ok3 || len(init.Lhs) != 1 || post.Tok != token.INC || (cond.Op != token.LSS && cond.Op != token.LEQ) {
			return false
		}
		i, ok := init.Lhs[0].(*ast.Ident)
		x, ok2 := ast.Unparen(cond.X).(*ast.Ident)
		p, ok3 := ast.Unparen(post.X).(*ast.Ident)
		if !ok || !ok2 || !ok3 {
			return false
		}
		v := info.ObjectOf(i)
		if v == nil || info.ObjectOf(x) != v || info.ObjectOf(p) != v {
			return false
		}
		// i is not assigned in the body: the count holds.
		assigned := false
		ast.Inspect(s.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
						assigned = true
					}
				}
			case *ast.IncDecStmt:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.ObjectOf(id) == v {
					assigned = true
				}
			}
			return !assigned
		})
		return !assigned
	}
	return false
}

// leavesAfter reports whether every path that leaves the select at sel
// normally goes on to leave the loop: a statement list that holds it, or
// a statement around it, is followed by a return in the same iteration,
// as in
//
//	case <-quit:
//		select {
//		case <-done:
//		case <-time.After(time.Second):
//		}
//		return
func leavesAfter(loop *loops.Loop, sel inspector.Cursor) bool {
	for cur := sel; cur.Valid() && cur.Node() != loop.Stmt; cur = cur.Parent() {
		var list []ast.Stmt
		switch p := cur.Parent().Node().(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		for i, s := range list {
			if s == cur.Node() && loop.Leaves(list[i+1:]) {
				return true
			}
		}
	}
	return false
}

// continues reports whether stmts hold a continue of the loop (outside
// nested loops and function literals), which skips whatever follows.
func continues(loop *loops.Loop, stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.CONTINUE && (n.Label == nil || loop.Label != nil && n.Label.Name == loop.Label.Name()) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// stopSignal reports whether the case waits for a stop signal — a
// receive, its value dropped, from a chan struct{} (a quit channel,
// ctx.Done()) — and its body can leave the loop. Such a channel is closed
// to signal, and a closed channel is ready on every iteration: a case that
// did not leave would spin, so the rule assumes the body's condition
// leaves once the signal came, as in
//
//	case <-quit:
//		if !errors.Is(err, errEmpty) {
//			return
//		}
//
// and there is one pending timer at a time.
func (c *check) stopSignal(cc *ast.CommClause, loop *loops.Loop) bool {
	es, ok := cc.Comm.(*ast.ExprStmt)
	if !ok {
		return false
	}
	u, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	ch, ok := typesx.Underlying(c.p.TypesInfo, u.X).(*types.Chan)
	if !ok {
		return false
	}
	if st, ok := ch.Elem().Underlying().(*types.Struct); !ok || st.NumFields() != 0 {
		return false
	}
	return canLeave(loop, cc.Body)
}

// canLeave reports whether some path through stmts leaves the loop.
func canLeave(loop *loops.Loop, stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case ast.Stmt:
				if _, isBlock := n.(*ast.BlockStmt); !isBlock && loop.Leaves([]ast.Stmt{n}) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

func caseName(cc *ast.CommClause) string {
	switch comm := cc.Comm.(type) {
	case nil:
		return "the default case"
	case *ast.ExprStmt:
		return "case " + types.ExprString(comm.X)
	case *ast.AssignStmt:
		return "case " + types.ExprString(comm.Rhs[0])
	case *ast.SendStmt:
		return fmt.Sprintf("case %s <- %s", types.ExprString(comm.Chan), types.ExprString(comm.Value))
	}
	return "another case"
}

// selectOf returns the select in loop (not in a nested loop) that receives
// from the timer, the case that does, and whether the call is that case's
// operand itself rather than a variable set from it in the loop.
func (c *check) selectOf(loop *loops.Loop) (sel inspector.Cursor, clause *ast.CommClause, direct bool) {
	info := c.p.TypesInfo
	// case <-time.After(d): / case t := <-time.After(d):
	recv := c.cur.Parent()
	for {
		if _, ok := recv.Node().(*ast.ParenExpr); !ok {
			break
		}
		recv = recv.Parent()
	}
	if u, ok := recv.Node().(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		stmt := recv.Parent()
		if cc, ok := stmt.Parent().Node().(*ast.CommClause); ok && cc.Comm == stmt.Node() {
			return stmt.Parent().Parent().Parent(), cc, true
		}
		return inspector.Cursor{}, nil, false
	}
	// timeout := time.After(d) in the loop, then case <-timeout: in it.
	var v types.Object
	switch s := recv.Node().(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) == 1 && len(s.Rhs) == 1 {
			if id, ok := s.Lhs[0].(*ast.Ident); ok {
				v = info.ObjectOf(id)
			}
		}
	case *ast.ValueSpec:
		if len(s.Names) == 1 && len(s.Values) == 1 {
			v = info.Defs[s.Names[0]]
		}
	}
	if v == nil {
		return inspector.Cursor{}, nil, false
	}
	loopCur, ok := c.cur.Inspector().Root().FindNode(loop.Stmt)
	if !ok {
		return inspector.Cursor{}, nil, false
	}
	for sc := range loopCur.Preorder((*ast.SelectStmt)(nil)) {
		if l := loops.Enclosing(info, sc); l == nil || l.Stmt != loop.Stmt {
			continue
		}
		for _, s := range sc.Node().(*ast.SelectStmt).Body.List {
			cc := s.(*ast.CommClause)
			if e := astx.RecvChan(cc); e != nil {
				if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.Uses[id] == v {
					return sc, cc, false
				}
			}
		}
	}
	return inspector.Cursor{}, nil, false
}

// hoistFix makes one timer before the loop, resets it before the select
// on every iteration and receives from its channel: the same timeout as
// before, without a timer per iteration. With go1.23 semantics Reset
// discards a value the timer may have sent unobserved, so no draining is
// needed.
func (c *check) hoistFix(loop *loops.Loop, sel inspector.Cursor) *analysis.SuggestedFix {
	p := c.p
	info := p.TypesInfo
	fun, ok := c.call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	qual, ok := fun.X.(*ast.Ident)
	if !ok {
		return nil
	}
	if _, ok := info.Uses[qual].(*types.PkgName); !ok {
		return nil
	}
	arg := c.call.Args[0]
	if !invariant(info, arg, loop.Stmt) {
		return nil
	}
	// The statement the timer goes before: the loop, or its label.
	loopCur, ok := c.cur.Inspector().Root().FindNode(loop.Stmt)
	if !ok {
		return nil
	}
	before := loopCur
	if _, ok := before.Parent().Node().(*ast.LabeledStmt); ok {
		before = before.Parent()
	}
	if !fixes.InStmtList(before.Parent().Node()) || loops.Enclosing(info, before) != nil {
		return nil // in another loop, the deferred Stops would pile up
	}
	if !fixes.InStmtList(sel.Parent().Node()) {
		return nil
	}
	// Another time.After in the same loop would get a timer of the same
	// name from its own fix.
	n := 0
	for cc := range loopCur.Preorder((*ast.CallExpr)(nil)) {
		if fn, ok := typeutil.Callee(info, cc.Node().(*ast.CallExpr)).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "After" {
			n++
		}
	}
	if n != 1 {
		return nil
	}
	loopIndent, ok1 := fixes.Indent(p.Pass, before.Node())
	selIndent, ok2 := fixes.Indent(p.Pass, sel.Node())
	d := fixes.Source(p.Pass, arg.Pos(), arg.End())
	if !ok1 || !ok2 || d == "" {
		return nil
	}
	name := fixes.FreshName(p.Pass, "timer", before.Node().Pos(), loop.Stmt)
	if name == "" {
		return nil
	}
	return &analysis.SuggestedFix{
		Message: "Create one timer before the loop and Reset it on each iteration",
		TextEdits: []analysis.TextEdit{
			{Pos: fixes.Before(p.Pass, before.Node()), End: fixes.Before(p.Pass, before.Node()), NewText: []byte(fmt.Sprintf("%s := %s.NewTimer(%s)\n%sdefer %s.Stop()\n%s", name, qual.Name, d, loopIndent, name, loopIndent))},
			{Pos: sel.Node().Pos(), End: sel.Node().Pos(), NewText: []byte(fmt.Sprintf("%s.Reset(%s)\n%s", name, d, selIndent))},
			{Pos: c.call.Pos(), End: c.call.End(), NewText: []byte(name + ".C")},
		},
	}
}

// invariant reports whether e can be evaluated before loop as well as in
// it: it has no side effects (no calls but conversions, no receives) and
// every variable it reads is declared outside the loop.
func invariant(info *types.Info, e ast.Expr, loop ast.Node) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, found := info.Types[n.Fun]; !found || !tv.IsType() {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit, *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr, *ast.TypeAssertExpr:
			ok = false
		case *ast.Ident:
			if v, isVar := info.Uses[n].(*types.Var); isVar && loop.Pos() <= v.Pos() && v.Pos() < loop.End() {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// tick reports time.Tick in a loop: a ticker per iteration, none stopped.
func (c *check) tick() {
	if loops.Enclosing(c.p.TypesInfo, c.cur) == nil {
		if c.old {
			c.tickPerCall()
		}
		return
	}
	call := c.callName()
	d := types.ExprString(c.call.Args[0])
	qual := "time"
	if fun, ok := c.call.Fun.(*ast.SelectorExpr); ok {
		qual = types.ExprString(fun.X)
	}
	var msg string
	if c.old {
		msg = fmt.Sprintf("%s starts a new ticker on every iteration of this loop and none is ever stopped: before Go 1.23 each keeps firing and is never garbage collected — create one ticker before the loop (t := %s.NewTicker(%s); defer t.Stop())", call, qual, d)
	} else {
		msg = fmt.Sprintf("%s starts a new ticker on every iteration of this loop, so the period restarts and a ticker is allocated each time — create one ticker before the loop (t := %s.NewTicker(%s); defer t.Stop())", call, qual, d)
	}
	c.p.Report(analysis.Diagnostic{Pos: c.call.Pos(), End: c.call.End(), Message: msg})
}

// tickPerCall reports, before go1.23, time.Tick outside a loop in a
// function that can return after it: nothing can stop that ticker and the
// runtime keeps it, so every call of the function — per request, per
// connection — leaks one more that keeps firing (issue 24). A function
// that runs until the process ends (main's serve loop, a worker that
// never returns) starts one, which is what time.Tick is for.
func (c *check) tickPerCall() {
	p := c.p
	fc := enclosingFunc(c.cur)
	if !fc.Valid() {
		return // a package-level variable: initialised once
	}
	fn := fc.Node()
	if fn == nil {
		return
	}
	if d, ok := fn.(*ast.FuncDecl); ok && d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "main" && p.Pkg.Name() == "main") {
		return // runs once
	}
	stmt := c.cur
	for stmt.Valid() {
		if _, ok := stmt.Node().(ast.Stmt); ok {
			break
		}
		stmt = stmt.Parent()
	}
	if !stmt.Valid() {
		return
	}
	ret := p.Model().ReturnAvoiding(fn, stmt.Node(), nil)
	if ret == nil {
		return // the function runs until the process ends: so may the ticker
	}
	name := "the function"
	if d, ok := fn.(*ast.FuncDecl); ok {
		name = d.Name.Name
	}
	qual := "time"
	if fun, ok := c.call.Fun.(*ast.SelectorExpr); ok {
		qual = types.ExprString(fun.X)
	}
	diag := analysis.Diagnostic{
		Pos: c.call.Pos(), End: c.call.End(),
		Message: fmt.Sprintf("%s starts a ticker nothing can stop, and %s can return: before Go 1.23 such a ticker is never garbage collected and keeps firing, so every call of %s leaks one more — use t := %s.NewTicker(%s) with defer t.Stop()",
			types.ExprString(c.call), name, name, qual, types.ExprString(c.call.Args[0])),
	}
	if r, ok := ret.(*ast.ReturnStmt); ok {
		diag.Related = []analysis.RelatedInformation{rule.Related(r, "%s returns here, leaving the ticker running", name)}
	}
	p.Report(diag)
}

// ticker reports, before go1.23, t := time.NewTicker(d) never stopped in a
// function that can return afterwards: the runtime keeps the ticker, and
// its goroutine-free timer, alive forever.
func (c *check) ticker() {
	p := c.p
	info := p.TypesInfo
	stmt := c.cur.Parent()
	assign, ok := stmt.Node().(*ast.AssignStmt)
	if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return
	}
	id, ok := assign.Lhs[0].(*ast.Ident)
	if !ok {
		return
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return
	}
	fnCur := enclosingFunc(c.cur)
	if !fnCur.Valid() {
		return
	}
	fn := fnCur.Node()
	// Stopped anywhere, even in a deferred literal, or used where we cannot
	// follow it (returned, stored, captured by a goroutine): say nothing.
	stopped, escapes := false, false
	for ic := range fnCur.Preorder((*ast.Ident)(nil)) {
		use := ic.Node().(*ast.Ident)
		if use == id || info.Uses[use] != v {
			continue
		}
		sel, ok := ic.Parent().Node().(*ast.SelectorExpr)
		if !ok || sel.X != use {
			escapes = true
			continue
		}
		switch sel.Sel.Name {
		case "Stop":
			stopped = true
		case "C", "Reset":
			for enc := range ic.Enclosing((*ast.FuncLit)(nil)) {
				if fnCur.Contains(enc) && enc != fnCur {
					escapes = true
				}
				break
			}
		default:
			escapes = true
		}
	}
	if stopped || escapes {
		return
	}
	ret := p.Model().ReturnAvoiding(fn, assign, nil)
	if ret == nil {
		return // the function runs until the process ends: so may the ticker
	}
	name := "the function"
	if d, ok := fn.(*ast.FuncDecl); ok {
		name = d.Name.Name
	}
	diag := analysis.Diagnostic{
		Pos: c.call.Pos(), End: c.call.End(),
		Message: fmt.Sprintf("ticker %s is never stopped, and %s can return: before Go 1.23 an unstopped ticker is never garbage collected and keeps firing — add defer %s.Stop()", id.Name, name, id.Name),
	}
	if r, ok := ret.(*ast.ReturnStmt); ok {
		diag.Related = []analysis.RelatedInformation{rule.Related(r, "%s returns here without stopping %s", name, id.Name)}
	}
	// The defer goes before the next statement, so that a comment at the
	// end of the assignment's line stays there.
	if next, ok := stmt.NextSibling(); ok && fixes.InStmtList(stmt.Parent().Node()) {
		if indent, ok := fixes.Indent(p.Pass, next.Node()); ok {
			diag.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Add defer %s.Stop()", id.Name),
				TextEdits: []analysis.TextEdit{{Pos: next.Node().Pos(), End: next.Node().Pos(), NewText: []byte(fmt.Sprintf("defer %s.Stop()\n%s", id.Name, indent))}},
			}}
		}
	}
	p.Report(diag)
}

// enclosingFunc returns the innermost function declaration or literal
// around cur: the zero Cursor, not Valid, at package level.
func enclosingFunc(cur inspector.Cursor) inspector.Cursor {
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return enc
	}
	return inspector.Cursor{}
}
