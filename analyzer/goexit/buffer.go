package goexit

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/loops"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// blockedOn says where the goroutine of l blocks: on the send statement,
// or in the named function it runs.
func (c *checker) blockedOn(l *goroutine.Launch, u *chanUse, send ast.Node) string {
	if s, ok := send.(*ast.SendStmt); ok {
		return fmt.Sprintf("on %s <- %s", types.ExprString(s.Chan), types.ExprString(s.Value))
	}
	if l.Callee != nil {
		return fmt.Sprintf("in %s, sending on %s", goroutine.FuncName(l.Callee), u.v.Name())
	}
	return "on the send to " + u.v.Name()
}

// checkFanOut reports goroutines started in a loop that all send on one
// unbuffered channel, which the function receives from fewer times than
// there are senders — once, not in a loop: the first response wins, the
// others block forever (hedged requests, first-replica-wins queries).
func (c *checker) checkFanOut(l *goroutine.Launch, fn ast.Node, u *chanUse, recvs []ast.Node, send ast.Node) {
	info := c.p.TypesInfo
	loop := loops.Enclosing(info, l.Cursor)
	if loop == nil || len(recvs) == 0 {
		return
	}
	root := c.p.Inspector().Root()
	for _, r := range recvs {
		switch r.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return // a loop that receives takes everything sent
		}
		if cur, ok := root.FindNode(r); ok && loops.Enclosing(info, cur) != nil {
			return // a receive in a loop may run once per sender
		}
	}
	count, known := c.launchCount(loop, fn, u)
	if known {
		if k, err := strconv.Atoi(count); err == nil && k <= len(recvs) {
			return // for range 2 { go ... }; a, b := <-ch, <-ch
		}
	}
	ch := u.v.Name()
	name := c.funcName(fn)
	what := "once"
	if len(recvs) > 1 {
		what = "at most once on each path"
	}
	d := analysis.Diagnostic{
		Pos: send.Pos(), End: send.End(),
		Message: fmt.Sprintf("the goroutine blocks forever %s: the loop starts one per iteration, but %s receives from %s %s, which is unbuffered, so every sender but the first waits forever — %s",
			c.blockedOn(l, u, send), name, ch, what, c.bufferAdvice(l, u, send)),
		Related: []analysis.RelatedInformation{rule.Related(loop.Stmt, "this loop starts a goroutine per iteration")},
	}
	if fix := c.bufferFix(l, u, send); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.p.ReportIn(l, d)
}

// bufferSize returns the buffer that lets every send of the goroutines of
// l complete with nobody receiving, as Go source valid at u's make: the
// number of sends of one goroutine, times the number of goroutines when
// the launch is in a counted loop (len(urls), n). ok is false when that
// number is unknown: a send in a loop, a launch in a loop whose count
// cannot be written at the make, a named function.
func (c *checker) bufferSize(l *goroutine.Launch, u *chanUse) (string, bool) {
	if l.Lit == nil {
		return "", false
	}
	n, inLoop := 0, false
	var visit func(node ast.Node, loop bool)
	visit = func(node ast.Node, loop bool) {
		ast.Inspect(node, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if x != node {
					visit(x, true)
					return false
				}
			case *ast.SendStmt:
				if id, ok := ast.Unparen(x.Chan).(*ast.Ident); ok && c.outerVar(l, c.p.TypesInfo.Uses[id]) == u.v {
					n++
					inLoop = inLoop || loop
				}
			}
			return true
		})
	}
	visit(l.Lit.Body, false)
	if n == 0 || inLoop {
		return "", false
	}
	loop := loops.Enclosing(c.p.TypesInfo, l.Cursor)
	if loop == nil {
		return strconv.Itoa(n), true
	}
	count, ok := c.launchCount(loop, l.Encl, u)
	if !ok {
		return "", false
	}
	if n > 1 {
		count = fmt.Sprintf("%d*%s", n, count)
	}
	return count, true
}

// bufferAdvice is the end of a message: the make that fixes the leak, or,
// when its size is unknown, what it must cover.
func (c *checker) bufferAdvice(l *goroutine.Launch, u *chanUse, send ast.Node) string {
	ch := u.v.Name()
	if size, ok := c.bufferSize(l, u); ok {
		return fmt.Sprintf("give %s a buffer for every send: make(%s, %s)", ch, c.chanType(u.v.Type(), u.make.Pos()), size)
	}
	return fmt.Sprintf("give %s a buffer as large as the number of sends that may go unreceived, or let the senders give up (select on ctx.Done())", ch)
}

// bufferFix gives the channel the buffer of bufferSize. Each send then
// completes at once, received or not; a receiver still gets the same
// values in the same order.
func (c *checker) bufferFix(l *goroutine.Launch, u *chanUse, send ast.Node) *analysis.SuggestedFix {
	if len(u.make.Args) != 1 {
		return nil
	}
	size, ok := c.bufferSize(l, u)
	if !ok {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Give %s a buffer of %s", u.v.Name(), size),
		TextEdits: []analysis.TextEdit{{Pos: u.make.Rparen, End: u.make.Rparen, NewText: []byte(", " + size)}},
	}
}

// launchCount returns how many times loop runs, as Go source valid at
// u's make, when the loop is the only one around the launch in fn and its
// count is fixed before it starts: len(x) for a range over a slice, array,
// map or string x (at least the number of runes), n for `range n` and
// `for i := 0; i < n; i++`, where x and n are not assigned after the make.
func (c *checker) launchCount(loop *loops.Loop, fn ast.Node, u *chanUse) (string, bool) {
	info := c.p.TypesInfo
	if u.make == nil || (loop.Stmt.Pos() <= u.make.Pos() && u.make.Pos() < loop.Stmt.End()) {
		return "", false // a channel per iteration
	}
	if cur, ok := c.p.Inspector().Root().FindNode(loop.Stmt); !ok || loops.Enclosing(info, cur) != nil {
		return "", false // nested loops multiply
	}
	var x ast.Expr
	wrapLen := false
	switch s := loop.Stmt.(type) {
	case *ast.RangeStmt:
		x = s.X
		switch t := info.TypeOf(s.X).Underlying().(type) {
		case *types.Basic:
			wrapLen = t.Info()&types.IsString != 0
			if t.Info()&(types.IsInteger|types.IsString) == 0 {
				return "", false
			}
		case *types.Slice, *types.Map, *types.Array:
			wrapLen = true
		default:
			return "", false // channels, iterator functions, pointers to arrays
		}
	case *ast.ForStmt:
		x = c.countedBound(s)
	}
	if x == nil || !c.stableAfter(x, fn, u.make.Pos()) {
		return "", false
	}
	text := fixes.Source(c.p.Pass, x.Pos(), x.End())
	if text == "" {
		return "", false
	}
	if tv := info.Types[x]; tv.Value != nil && !wrapLen {
		if k, ok := constant.Int64Val(tv.Value); ok {
			return strconv.FormatInt(k, 10), true
		}
	}
	if wrapLen {
		return "len(" + text + ")", true
	}
	return text, true
}

// countedBound returns n in `for i := 0; i < n; i++` whose body does not
// assign i, or nil.
func (c *checker) countedBound(s *ast.ForStmt) ast.Expr {
	info := c.p.TypesInfo
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return nil
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	if tv := info.Types[init.Rhs[0]]; tv.Value == nil || tv.Value.String() != "0" {
		return nil
	}
	i := info.ObjectOf(id)
	cond, ok := ast.Unparen(s.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS {
		return nil
	}
	if cid, ok := ast.Unparen(cond.X).(*ast.Ident); !ok || info.Uses[cid] != i {
		return nil
	}
	post, ok := s.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC {
		return nil
	}
	if pid, ok := ast.Unparen(post.X).(*ast.Ident); !ok || info.Uses[pid] != i {
		return nil
	}
	if c.assigns(s.Body, i) {
		return nil
	}
	return cond.Y
}

// stableAfter reports whether x can be written at pos with the same
// meaning and value as where it is: it is made of names and field
// selections only, every name resolves at pos as in x, and no variable in
// it is assigned in fn after pos.
func (c *checker) stableAfter(x ast.Expr, fn ast.Node, pos token.Pos) bool {
	info := c.p.TypesInfo
	ok := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if v, isVar := info.Uses[n].(*types.Var); isVar && !v.IsField() && c.assignsAfter(fn, v, pos) {
				ok = false
			}
		case nil, *ast.SelectorExpr, *ast.ParenExpr, *ast.BasicLit:
		default:
			ok = false
		}
		return ok
	})
	return ok && fixes.SameMeaning(c.p.Pass, x, pos)
}

// assignsAfter reports whether fn assigns v after pos, or takes its
// address anywhere.
func (c *checker) assignsAfter(fn ast.Node, v *types.Var, pos token.Pos) bool {
	body := goroutine.FuncBody(fn)
	if body == nil {
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if c.assignsHere(n, v) && n.Pos() >= pos {
			found = true
		}
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok && c.p.TypesInfo.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// assigns reports whether n assigns v anywhere in it.
func (c *checker) assigns(n ast.Node, v types.Object) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		found = found || c.assignsHere(x, v)
		return !found
	})
	return found
}

func (c *checker) assignsHere(n ast.Node, v types.Object) bool {
	info := c.p.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, l := range n.Lhs {
			if is(l) {
				return true
			}
		}
	case *ast.IncDecStmt:
		return is(n.X)
	case *ast.RangeStmt:
		return is(n.Key) || is(n.Value)
	}
	return false
}

// checkOtherReceiver reports a send whose only receiver is another
// goroutine of the same function that can return first: a loop that
// receives from the channel in one case and returns in another (a done
// check, EOF). Once it has returned, the send blocks forever.
func (c *checker) checkOtherReceiver(l *goroutine.Launch, fn ast.Node, u *chanUse, send ast.Node) {
	info := c.p.TypesInfo
	var recvLit *ast.FuncLit
	var exit ast.Node
	for _, rc := range u.otherRecvs {
		var lit *ast.FuncLit
		for enc := range rc.Enclosing((*ast.FuncLit)(nil)) {
			lit = enc.Node().(*ast.FuncLit)
			break
		}
		if lit == nil || lit == l.Lit || (recvLit != nil && lit != recvLit) {
			return // receivers in several literals: one may outlive the others
		}
		recvLit = lit
		loop := loops.Enclosing(info, rc)
		if loop == nil {
			return // one receive: whether it runs first is a matter of timing
		}
		// The statement that receives: a comm of a select case, or a
		// plain statement. `v, ok := <-ch` ends on a close, which is
		// another story.
		stmt := rc.Parent()
		for {
			if _, ok := stmt.Node().(*ast.ParenExpr); !ok {
				break
			}
			stmt = stmt.Parent()
		}
		if a, ok := stmt.Node().(*ast.AssignStmt); ok && len(a.Lhs) > 1 {
			return
		}
		var cc *ast.CommClause
		if p, ok := stmt.Parent().Node().(*ast.CommClause); ok && p.Comm == stmt.Node() {
			cc = p
		}
		e, _ := loop.Exits()
		if e == nil {
			return // the receiver never leaves its loop
		}
		if _, ok := e.(*ast.CallExpr); ok {
			return // the process ends (log.Fatal, os.Exit, panic)
		}
		if cc != nil && cc.Pos() <= e.Pos() && e.Pos() < cc.End() {
			return // it leaves on what it received
		}
		exit = e
	}
	var recvLaunch *goroutine.Launch
	for _, other := range c.m.Launches() {
		if other.Lit == recvLit && other.Encl == fn {
			recvLaunch = other
		}
	}
	if recvLaunch == nil || exit == nil {
		return // a literal called, stored or deferred: not a goroutine we can see
	}
	ch := u.v.Name()
	line := c.p.Fset.Position(recvLaunch.Pos()).Line
	c.p.ReportIn(l, analysis.Diagnostic{
		Pos: send.Pos(), End: send.End(),
		Message: fmt.Sprintf("the goroutine blocks forever %s: the only receiver of %s is the goroutine started at line %d, which can return first (line %d), and %s is unbuffered, so nothing ever receives again — let the sender give up too (select on the signal that ends the receiver)",
			c.blockedOn(l, u, send), ch, line, c.p.Fset.Position(exit.Pos()).Line, ch),
		Related: []analysis.RelatedInformation{
			rule.Related(recvLaunch.Node, "the only receiver of %s starts here", ch),
			rule.Related(exit, "it returns here, and nothing receives from %s any more", ch),
		},
	})
}
