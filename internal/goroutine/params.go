package goroutine

import (
	"go/ast"
	"go/types"
	"slices"
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
