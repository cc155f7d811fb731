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
	eachBinding(nil, info, fn, func(b binding) { b.visit(obj, f) })
}

// EachBinding is the package-level EachBinding for a function of the
// model's package. The bindings are collected by one walk of fn and kept:
// the rules' local fixed points (ctxcancel's trackers, ctxcopy's
// retention) go over them round after round.
func (m *Model) EachBinding(fn ast.Node, obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	bs, ok := m.bindings[fn]
	if !ok {
		eachBinding(m.insp, m.pass.TypesInfo, fn, func(b binding) { bs = append(bs, b) })
		if m.bindings == nil {
			m.bindings = map[ast.Node][]binding{}
		}
		m.bindings[fn] = bs
	}
	for _, b := range bs {
		b.visit(obj, f)
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

// visit calls f with b's bound object: obj of its expression, or the
// object its declaration defines.
func (b binding) visit(obj func(lhs ast.Expr) types.Object, f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	if b.lhs != nil {
		f(obj(b.lhs), b.rhs, b.tuple)
	} else {
		f(b.def, b.rhs, b.tuple)
	}
}

// eachBinding walks fn for its bindings, in source order.
func eachBinding(in *inspector.Inspector, info *types.Info, fn ast.Node, f func(binding)) {
	astx.Inspect(in, fn, []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					f(binding{lhs: n.Lhs[i], rhs: n.Rhs[i]})
				}
			} else if len(n.Rhs) == 1 {
				for _, lhs := range n.Lhs {
					f(binding{lhs: lhs, rhs: n.Rhs[0], tuple: true})
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					f(binding{def: info.Defs[id], rhs: n.Values[i]})
				}
			} else if len(n.Values) == 1 {
				for _, id := range n.Names {
					f(binding{def: info.Defs[id], rhs: n.Values[0], tuple: true})
				}
			}
		case *ast.CallExpr:
			astx.LitArgs(n, func(id *ast.Ident, arg ast.Expr) {
				f(binding{def: info.Defs[id], rhs: arg})
			})
		}
		return true
	})
}
