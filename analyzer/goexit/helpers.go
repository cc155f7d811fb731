package goexit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// helperLaunch reports whether l, a launch in fd outside any handler,
// starts a goroutine that never finishes, and why.
func (c *checker) helperLaunch(fd goroutine.FuncDecl, l *goroutine.Launch) (Why, bool) {
	if astx.InTestFile(c.p.Fset, l.Pos()) || c.once(l) {
		return Why{}, false
	}
	if l.Lit != nil {
		if loop := c.endlessLoop(l.Lit.Body); loop != nil {
			return Why{Loop: Loop{What: loopName(loop), At: goroutine.PosOf(c.p.Fset, loop.Pos())}}, true
		}
		if callee := c.endlessCall(l.Lit.Body, nil); callee != nil {
			return Why{Callee: goroutine.FuncName(callee), Loop: *c.fact(callee).Endless}, true
		}
		return Why{}, false
	}
	if f := c.fact(l.Callee); f != nil && f.Endless != nil {
		return Why{Callee: goroutine.FuncName(l.Callee), Runs: true, Loop: *f.Endless}, true
	}
	return Why{}, false
}

// checkHelperCalls reports the endless goroutines that handlers start by
// calling helpers (h.startPoller(), svc.watch(id)): one more per request.
// Each goroutine is reported once, at the first handler call that starts
// it, with the others in Related. Helpers reached only from main, init or
// constructors are process-lifetime workers and stay silent.
func (c *checker) checkHelperCalls() {
	skip := func(cur inspector.Cursor) bool {
		_, ok := cur.Parent().Node().(*ast.GoStmt)
		return ok // go h.poll(): the launch itself, reported where it is
	}
	for _, st := range c.reach.FromHandlers(skip, nil) {
		s, hcs := st.Site, st.Calls
		first := hcs[0]
		c.p.At(first.Call)
		rng := rule.ShortRange(first.Call)
		d := analysis.Diagnostic{
			Pos: rng.Pos(), End: rng.End(),
			Message: fmt.Sprintf("%s starts a goroutine that never finishes (%s, in %s: %s), so every request that calls it leaves one more goroutine running — return from that loop when a context is done or a stop channel is closed, or start the goroutine once at setup",
				goroutine.FuncName(first.Fn), s.Where, s.Func, s.Why),
		}
		if l := c.reach.Launch(s); l != nil {
			d.Related = append(d.Related, rule.Related(l.Node, "the goroutine starts here"))
		}
		for _, hc := range hcs[1:] {
			d.Related = append(d.Related, rule.Related(hc.Call, "also started from here"))
		}
		c.p.Report(d)
	}
}

// once reports whether l runs in a function literal handed to
// (*sync.Once).Do, sync.OnceFunc or sync.OnceValue(s): started once per
// process however often the helper is called.
func (c *checker) once(l *goroutine.Launch) bool { return c.inOnce(l.Cursor) }

// runsOnce reports whether the call at cur runs once per process: inside
// a sync.Once's function (inOnce), or as a lazily built singleton — the
// call's result is stored in a package-level variable that the function
// checked earlier, returning it when it is not nil (if svc != nil {
// return svc }; svc, err = NewService()).
func (c *checker) runsOnce(cur inspector.Cursor) bool {
	if c.inOnce(cur) {
		return true
	}
	info := c.p.TypesInfo
	stmt, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(stmt.Rhs) != 1 || stmt.Rhs[0] != cur.Node() {
		return false
	}
	fd := astx.EnclosingDecl(cur)
	if fd == nil {
		return false
	}
	var stored []*types.Var
	for _, lhs := range stmt.Lhs {
		if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && goroutine.IsPackageVar(v) {
				stored = append(stored, v)
			}
		}
	}
	for _, s := range fd.Body.List {
		if s.Pos() >= stmt.Pos() {
			break
		}
		is, ok := s.(*ast.IfStmt)
		if !ok || is.Init != nil || len(is.Body.List) == 0 {
			continue
		}
		if _, ok := is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt); !ok {
			continue
		}
		be, ok := ast.Unparen(is.Cond).(*ast.BinaryExpr)
		if !ok || be.Op != token.NEQ {
			continue
		}
		x, y := ast.Unparen(be.X), ast.Unparen(be.Y)
		if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
			x, y = y, x
		}
		xid, ok1 := x.(*ast.Ident)
		nid, ok2 := y.(*ast.Ident)
		if !ok1 || !ok2 || !isNil(info, nid) {
			continue
		}
		for _, v := range stored {
			if info.Uses[xid] == types.Object(v) {
				return true
			}
		}
	}
	return false
}

func isNil(info *types.Info, id *ast.Ident) bool {
	_, ok := info.Uses[id].(*types.Nil)
	return ok
}

// inOnce reports whether cur is in a function literal handed to
// (*sync.Once).Do, sync.OnceFunc or sync.OnceValue(s): it runs once per
// process, however often the function around it is called (a singleton's
// getter: svcOnce.Do(func() { svc = NewService() })).
func (c *checker) inOnce(cur inspector.Cursor) bool {
	for enc := range cur.Enclosing((*ast.FuncLit)(nil)) {
		call, ok := enc.Parent().Node().(*ast.CallExpr)
		if !ok {
			continue
		}
		fn, ok := typeutil.Callee(c.p.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
			continue
		}
		switch fn.Name() {
		case "Do", "OnceFunc", "OnceValue", "OnceValues":
			return true
		}
	}
	return false
}
