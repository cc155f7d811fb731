package goroutine

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// ignoresFacts maps the package's functions to the parameters of a
// reference type (an interface, a pointer) their bodies never read:
// `func connect(ctx context.Context, addr string)` that never mentions
// ctx. A goroutine running such a function does not hold what the caller
// passes there, whatever the type says: go connect(c, addr) keeps no
// reference to c. It comes from what the body does with the parameter,
// not from its name.
//
// Functions of other packages are taken to read every parameter: this is
// not (yet) an exported fact, since analysistest wants an expectation for
// every fact, and every test stub with an unused parameter would need one.
func (m *Model) ignoresFacts() map[*types.Func][]int {
	if m.ignores != nil {
		return m.ignores
	}
	m.ignores = map[*types.Func][]int{}
	info := m.pass.TypesInfo
	for _, fd := range m.FuncDecls() {
		sig := fd.Obj.Type().(*types.Signature)
		var cands []*types.Var
		var idx []int
		for i := 0; i < sig.Params().Len(); i++ {
			v := sig.Params().At(i)
			if !isReference(v.Type()) || sig.Variadic() && i == sig.Params().Len()-1 {
				continue
			}
			cands = append(cands, v)
			idx = append(idx, i)
		}
		if len(cands) == 0 {
			continue
		}
		used := map[*types.Var]bool{}
		m.Inspect(fd.Decl.Body, []ast.Node{(*ast.Ident)(nil)}, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					used[v] = true
				}
			}
			return true
		})
		var ignored []int
		for k, v := range cands {
			if !used[v] {
				ignored = append(ignored, idx[k])
			}
		}
		if len(ignored) > 0 {
			m.ignores[fd.Obj] = ignored
		}
	}
	return m.ignores
}

func isReference(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Interface, *types.Pointer:
		return true
	}
	return false
}

// Ignores reports whether fn, a function of this package, never reads its
// parameter i.
func (m *Model) Ignores(fn *types.Func, i int) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() != m.pass.Pkg {
		return false
	}
	return slices.Contains(m.ignoresFacts()[fn], i)
}

// SendsOn reports whether fn sends on (or closes) its parameter i, a
// channel: the parameter's type is send-only (func loop(out chan<- T) can
// do nothing else with it), or fn is declared in this package and its
// body, literals included, sends on or closes the parameter. A
// receive-only parameter, or one the body only receives from, is a stop
// signal, not a result; so is any parameter of a function of another
// package whose type does not say.
func (m *Model) SendsOn(fn *types.Func, i int) bool {
	if fn == nil {
		return false
	}
	sig := fn.Origin().Signature()
	if sig.Variadic() && i >= sig.Params().Len()-1 || i >= sig.Params().Len() {
		return false
	}
	param := sig.Params().At(i) // the declaration's own (fn may be an instance)
	ch, ok := param.Type().Underlying().(*types.Chan)
	if !ok || ch.Dir() == types.RecvOnly {
		return false
	}
	if ch.Dir() == types.SendOnly {
		return true
	}
	decl := m.DeclOf(fn)
	if decl == nil {
		return false
	}
	info := m.pass.TypesInfo
	uses := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == param
	}
	sends := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			sends = sends || uses(n.Chan)
		case *ast.CallExpr:
			if b, ok := typeutil.Callee(info, n).(*types.Builtin); ok && b.Name() == "close" && len(n.Args) == 1 {
				sends = sends || uses(n.Args[0])
			}
		}
		return !sends
	})
	return sends
}
