package goroutine

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// EachBinding calls f for every value bound in fn: each assignment and
// declaration (lhs as obj maps the assigned expression to a variable, nil
// to skip it), and each parameter of a function literal called directly
// with arguments (go func(ctx context.Context) {...}(r.Context())). tuple
// says the value is one result of a multi-valued right-hand side.
func EachBinding(info *types.Info, fn ast.Node, obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	eachBinding(nil, info, fn, func(lhs ast.Expr, def types.Object, rhs ast.Expr, tuple bool) {
		if lhs != nil {
			f(obj(lhs), rhs, tuple)
		} else {
			f(def, rhs, tuple)
		}
	})
}

// EachBinding is the package-level EachBinding for a function of the
// model's package. The bindings are collected by one walk of fn and kept:
// the rules' local fixed points (ctxcancel's trackers, ctxcopy's
// retention) go over them round after round.
func (m *Model) EachBinding(fn ast.Node, obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	bs, ok := m.bindings[fn]
	if !ok {
		eachBinding(m.insp, m.pass.TypesInfo, fn, func(lhs ast.Expr, def types.Object, rhs ast.Expr, tuple bool) {
			bs = append(bs, binding{lhs, def, rhs, tuple})
		})
		if m.bindings == nil {
			m.bindings = map[ast.Node][]binding{}
		}
		m.bindings[fn] = bs
	}
	for _, b := range bs {
		if b.lhs != nil {
			f(obj(b.lhs), b.rhs, b.tuple)
		} else {
			f(b.def, b.rhs, b.tuple)
		}
	}
}

// A binding is one value bound in a function: to an assigned expression
// lhs, or to what a declaration defines, def (a var or const spec, a
// literal's parameter; lhs nil).
type binding struct {
	lhs   ast.Expr
	def   types.Object
	rhs   ast.Expr
	tuple bool
}

// eachBinding walks fn for its bindings, in source order.
func eachBinding(in *inspector.Inspector, info *types.Info, fn ast.Node, f func(lhs ast.Expr, def types.Object, rhs ast.Expr, tuple bool)) {
	defOf := func(id *ast.Ident) types.Object { return info.Defs[id] }
	astx.Inspect(in, fn, []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					f(n.Lhs[i], nil, n.Rhs[i], false)
				}
			} else if len(n.Rhs) == 1 {
				for _, lhs := range n.Lhs {
					f(lhs, nil, n.Rhs[0], true)
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					f(nil, defOf(id), n.Values[i], false)
				}
			} else if len(n.Values) == 1 {
				for _, id := range n.Names {
					f(nil, defOf(id), n.Values[0], true)
				}
			}
		case *ast.CallExpr:
			astx.LitArgs(n, func(id *ast.Ident, arg ast.Expr) {
				f(nil, defOf(id), arg, false)
			})
		}
		return true
	})
}
