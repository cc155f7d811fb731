package gorecover

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// callSites looks at one call of a body walked by sites.
func (e *env) callSites(c inspector.Cursor, call *ast.CallExpr, encl ast.Node, fname string, add func(found)) {
	info := e.d.pass.TypesInfo
	pos := call.Pos()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		pos = sel.Sel.Pos()
	}
	at := func(op Op, l flow.Label, name string) found {
		return found{site: Site{Op: op, At: goroutine.PosOf(e.d.pass.Fset, pos), Func: fname, Name: name}, pos: pos, label: l}
	}
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		if fn.Name() == "panic" {
			if l := e.condition(c); l != 0 {
				add(at(OpPanic, l, ""))
			}
		}
		return
	case *types.Func:
		e.funcSites(c, call, fn, at, add)
		return
	}
	// A function value: one the package's callers register through its
	// API is code the package does not control.
	fun := call.Fun
	if id, ok := ast.Unparen(fun).(*ast.Ident); ok {
		if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() {
			if rhs, ok := e.d.index.Once(v); ok {
				fun = rhs
			} else if ds := e.d.index.Defs(v); len(ds) == 1 && ds[0].Kind == flow.RangeValue {
				fun = ds[0].Rhs // for _, h := range s.hooks
			}
		}
	}
	if !e.d.closedPkg() {
		if f := e.d.m.RegisteredRead(fun); f != nil {
			add(at(OpRegistered, flow.Ext, f.Name()))
		}
	}
}

func (e *env) funcSites(c inspector.Cursor, call *ast.CallExpr, fn *types.Func, at func(Op, flow.Label, string) found, add func(found)) {
	for _, l := range e.d.opts.panickers {
		if l.Matches(fn) {
			add(at(OpPanicker, flow.Ext, fn.Name()))
			return
		}
	}
	if fn.Pkg() == nil {
		return
	}
	if fn.Pkg().Path() == "log" && strings.HasPrefix(fn.Name(), "Panic") {
		if l := e.condition(c); l != 0 {
			add(at(OpPanic, l, ""))
		}
		return
	}
	if apis.DataRole(fn) == apis.Partial {
		var l flow.Label
		for _, a := range call.Args {
			l |= e.Label(a)
		}
		if l != 0 && !e.guarded(call.Pos(), call.Args...) {
			add(at(OpAPI, l, fn.Pkg().Name()+"."+fn.Name()))
		}
		return
	}
	if apis.ConcurrentUnsafe(fn) {
		if f, ok := e.d.concurrentWrite(call, e.Unit(), c); ok {
			f.site.Func = at(0, 0, "").site.Func
			add(f)
		}
		return
	}
	if !e.d.m.UserCode(fn.Pkg()) {
		return // the standard library and dependencies: trusted on valid use
	}
	args := e.d.flow.Args(call, fn)
	for _, impl := range e.d.flow.Impls(fn) {
		if e.d.rec.Guarded(impl) {
			continue // its panics stop in it
		}
		f := e.d.fact(impl)
		if f == nil {
			continue
		}
		if f.Crash {
			// A crash helper panics on every path: its call is a panic
			// statement of this body.
			if l := e.condition(c); l != 0 {
				add(at(OpPanic, l, ""))
			}
			continue
		}
		if f.Own != nil && !e.d.closedAfter(astx.EnclosingFunc(c), call, f.closedAt) {
			add(found{site: *f.Own, pos: call.Pos(), label: flow.Ext, callee: impl, closedAt: f.closedAt})
		}
		for _, ps := range f.Params {
			if ps.Param >= len(args) || args[ps.Param] == nil {
				continue
			}
			if l := e.argLabel(ps.Site, args[ps.Param], call.Pos()); l != 0 {
				add(found{site: ps.Site, pos: call.Pos(), label: l, callee: impl})
			}
		}
	}
}

// condition returns the flow.Label of the conditions a panic at c runs
// under, in its function: the ifs, switches and loops around it. A panic
// that every run reaches (a watchdog's deliberate crash) depends on no
// data; one a check of request data leads to does.
func (e *env) condition(c inspector.Cursor) flow.Label {
	var l flow.Label
	for p := c.Parent(); p.Node() != nil && p.Node() != e.Unit(); p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.FuncLit:
			if call, ok := p.Parent().Node().(*ast.CallExpr); !ok || ast.Unparen(call.Fun) != n {
				return l // a function of its own: its callers decide
			}
		case *ast.IfStmt:
			l |= e.Label(n.Cond)
			if as, ok := n.Init.(*ast.AssignStmt); ok {
				for _, r := range as.Rhs {
					l |= e.Label(r)
				}
			}
		case *ast.SwitchStmt:
			if n.Tag != nil {
				l |= e.Label(n.Tag)
			}
		case *ast.CaseClause:
			for _, x := range n.List {
				l |= e.Label(x)
			}
		case *ast.ForStmt:
			if n.Cond != nil {
				l |= e.Label(n.Cond)
			}
		case *ast.RangeStmt:
			l |= e.Label(n.X)
		}
	}
	return l
}

// isCrashHelper reports whether body panics on every path on purpose: its
// last statement is a panic and it never returns (func bug(msg string) {
// panic("BUG: " + msg) }). A call of one is a panic statement of its
// caller.
func isCrashHelper(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil || len(body.List) == 0 {
		return false
	}
	es, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	if b, ok := typeutil.Callee(info, call).(*types.Builtin); !ok || b.Name() != "panic" {
		return false
	}
	returns := false
	astx.InspectNoLits(nil, body, nil, func(n ast.Node) bool {
		if _, ok := n.(*ast.ReturnStmt); ok {
			returns = true
		}
		return !returns
	})
	return !returns
}

// closedPkg reports whether the package's API is the module's own: a
// package main, or one under internal/ (the Go toolchain's rule: only
// this module imports it).
func (d *data) closedPkg() bool {
	pkg := d.pass.Pkg
	return pkg.Name() == "main" || strings.Contains("/"+pkg.Path()+"/", "/internal/")
}

// argLabel is the label of arg, handed at pos to a parameter that reaches
// site: 0 if a check guards it before pos, or if the site is an assertion
// and arg is an interface value whose dynamic type the program chose.
func (e *env) argLabel(site Site, arg ast.Expr, pos token.Pos) flow.Label {
	if e.guarded(pos, arg) || site.Op == OpAssert && types.IsInterface(e.d.pass.TypesInfo.TypeOf(arg)) && e.Typed(arg) {
		return 0
	}
	return e.Label(arg)
}
