package goroutine

import (
	"go/ast"
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// EachBinding calls f for every value bound in fn: each assignment and
// declaration (lhs as obj maps the assigned expression to a variable, nil
// to skip it), and each parameter of a function literal called directly
// with arguments (go func(ctx context.Context) {...}(r.Context())). tuple
// says the value is one result of a multi-valued right-hand side.
func EachBinding(info *types.Info, fn ast.Node, obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					f(obj(n.Lhs[i]), n.Rhs[i], false)
				}
			} else if len(n.Rhs) == 1 {
				for _, lhs := range n.Lhs {
					f(obj(lhs), n.Rhs[0], true)
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					f(info.Defs[id], n.Values[i], false)
				}
			} else if len(n.Values) == 1 {
				for _, id := range n.Names {
					f(info.Defs[id], n.Values[0], true)
				}
			}
		case *ast.CallExpr:
			astx.LitArgs(n, func(id *ast.Ident, arg ast.Expr) {
				f(info.Defs[id], arg, false)
			})
		}
		return true
	})
}
