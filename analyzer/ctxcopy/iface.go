package ctxcopy

import (
	"go/ast"
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// An impl is a concrete method that hands a parameter to a goroutine.
type impl struct {
	fn   *types.Func
	fact *goroutine.HandoffFact
}

// implementations finds, for an interface method, the implementations the
// analysis can see that hand a parameter to a goroutine: the concrete
// types of the interface's package, of this package and of the packages
// it imports. Modular analysis cannot see an implementation that only
// main wires in, from a package the caller does not import.
type implementations struct {
	c     *checker
	cache map[*types.Func][]impl
	types []*types.TypeName // the candidate concrete types, found once
}

func (im *implementations) of(m *types.Func) []impl {
	if out, ok := im.cache[m]; ok {
		return out
	}
	iface, _ := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	var out []impl
	if iface != nil {
		for _, tn := range im.candidates(m.Pkg()) {
			ptr := types.NewPointer(tn.Type())
			if !types.Implements(ptr, iface) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(ptr, false, m.Pkg(), m.Name())
			fn, ok := obj.(*types.Func)
			if !ok {
				continue
			}
			if fact := im.c.m.Handoff(fn); fact != nil {
				out = append(out, impl{fn: fn, fact: fact})
			}
		}
	}
	im.cache[m] = out
	return out
}

// candidates returns the non-generic named non-interface types declared
// in this package, the packages it imports, and pkg.
func (im *implementations) candidates(pkg *types.Package) []*types.TypeName {
	if im.types == nil {
		im.types = []*types.TypeName{}
		self := im.c.p.Pkg
		seen := map[*types.Package]bool{}
		for _, p := range append([]*types.Package{self}, self.Imports()...) {
			im.types = appendTypes(im.types, p, seen)
		}
	}
	out := im.types
	if pkg != nil && pkg != im.c.p.Pkg && !importsPkg(im.c.p.Pkg, pkg) {
		out = appendTypes(append([]*types.TypeName(nil), out...), pkg, map[*types.Package]bool{})
	}
	return out
}

func appendTypes(out []*types.TypeName, p *types.Package, seen map[*types.Package]bool) []*types.TypeName {
	if seen[p] {
		return out
	}
	seen[p] = true
	scope := p.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) {
			continue
		}
		out = append(out, tn)
	}
	return out
}

func importsPkg(p, q *types.Package) bool {
	for _, imp := range p.Imports() {
		if imp == q {
			return true
		}
	}
	return false
}

// interfaceMethod returns the interface method a call calls dynamically
// (h.notifier.Notify(c) with notifier an interface), or nil.
func interfaceMethod(info *types.Info, call *ast.CallExpr) *types.Func {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || !types.IsInterface(s.Recv()) {
		return nil
	}
	fn, _ := s.Obj().(*types.Func)
	return fn
}
