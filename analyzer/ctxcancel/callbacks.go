package ctxcancel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A function value the package's callers register (a server library's
// tool handlers, hooks, plugins: goroutine.Model.Registered) is code the
// package does not control, called with the request's context: it counts
// as observing it (issue 24).

// supplied reports whether fun, the function expression of a call in
// t.fn, is a function value the package's callers supply: a read of a
// field holding one (s.onEvent, s.tools[name], s.tools[name].handler), or
// a local variable bound to such a read (h := s.tools[name]; for _, h :=
// range s.hooks).
func (t *tracker) supplied(fun ast.Expr) bool {
	return t.suppliedExpr(fun, 0)
}

func (t *tracker) suppliedExpr(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		v, ok := t.c.p.TypesInfo.Uses[id].(*types.Var)
		if !ok {
			return false
		}
		for _, rhs := range t.funcBindings()[v] {
			if t.suppliedExpr(rhs, depth+1) {
				return true
			}
		}
		return false
	}
	return t.c.m.RegisteredRead(e) != nil
}

// funcBindings returns what the local variables of t.fn are bound to,
// for those that hold functions (or entries of a field of functions):
// assignments, declarations and range statements.
func (t *tracker) funcBindings() map[types.Object][]ast.Expr {
	if t.funcs != nil {
		return t.funcs
	}
	info := t.c.p.TypesInfo
	t.funcs = map[types.Object][]ast.Expr{}
	t.eachBinding(func(lhs types.Object, rhs ast.Expr, tuple bool) {
		if lhs != nil {
			if _, ok := lhs.Type().Underlying().(*types.Signature); ok {
				t.funcs[lhs] = append(t.funcs[lhs], rhs) // h := s.tools[name], h, ok := s.tools[name]
			}
		}
	})
	ast.Inspect(t.fn, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok && r.Tok == token.DEFINE && r.Value != nil {
			if id, ok := r.Value.(*ast.Ident); ok {
				if v := info.Defs[id]; v != nil {
					t.funcs[v] = append(t.funcs[v], r.X) // for _, h := range s.hooks
				}
			}
		}
		return true
	})
	return t.funcs
}
