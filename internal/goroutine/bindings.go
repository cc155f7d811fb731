package goroutine

import (
	"go/ast"
	"go/types"
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
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok && !n.Ellipsis.IsValid() {
				i := 0
				for _, field := range lit.Type.Params.List {
					for _, id := range field.Names {
						if i < len(n.Args) {
							f(info.Defs[id], n.Args[i], false)
						}
						i++
					}
					if len(field.Names) == 0 {
						i++
					}
				}
			}
		}
		return true
	})
}
