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
	eachBinding(nil, info, fn, obj, f)
}

// EachBinding is the package-level EachBinding for a function of the
// model's package, walked through its inspector.
func (m *Model) EachBinding(fn ast.Node, obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	eachBinding(m.insp, m.pass.TypesInfo, fn, obj, f)
}

func eachBinding(in *inspector.Inspector, info *types.Info, fn ast.Node, obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	astx.Inspect(in, fn, []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
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
