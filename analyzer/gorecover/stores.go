package gorecover

import (
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// Stores the program fills itself (issue 19). A value read back from a
// keyed store — a sync.Map's Load, a cache's Get(k) (any, bool) — holds
// whatever was stored: an assertion on it cannot fail when every store
// into the same store in this package puts a value of the asserted type
// there, and can when one puts another (a negative-cache sentinel, a
// decoded payload as any). Which store is the same is decided by the
// variable or field that holds it (s.cache, cache); a store the package
// never writes is filled elsewhere, and its values are not the package's
// to vouch for. Nothing here reads the names of types or packages.

// storeVar returns the variable or field that holds the store x denotes
// (cache in cache.Get, cache in s.cache.Get), or nil.
func storeVar(info *types.Info, x ast.Expr) *types.Var {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		return v
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
		v, _ := info.Uses[x.Sel].(*types.Var) // pkg.Cache
		return v
	case *ast.UnaryExpr:
		return storeVar(info, x.X)
	}
	return nil
}

// storeRead returns the store a call reads a value from, by the shape of
// its method: a sync.Map read, or a method returning (interface, bool) —
// a cache's Get(k). nil for anything else.
func (p *panics) storeRead(call *ast.CallExpr) *types.Var {
	info := p.pass.TypesInfo
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	switch {
	case goroutine.IsNamed(sig.Recv().Type(), "sync", "Map"):
		switch fn.Name() {
		case "Load", "LoadOrStore", "LoadAndDelete", "Swap":
		default:
			return nil
		}
	case sig.Results().Len() == 2 && types.IsInterface(sig.Results().At(0).Type()):
		b, ok := sig.Results().At(1).Type().Underlying().(*types.Basic)
		if !ok || b.Kind() != types.Bool {
			return nil
		}
	default:
		return nil
	}
	return storeVar(info, sel.X)
}

// storedTypes returns, for each store variable, the static types of the
// values the package puts into it: the interface-typed arguments after
// the first of its methods (Store(k, v), Set(k, v, ttl), Add(k, v)). A
// nil entry is a value whose type is itself an interface: anything.
func (p *panics) storedTypes() map[*types.Var][]types.Type {
	if p.stores != nil {
		return p.stores
	}
	info := p.pass.TypesInfo
	p.stores = map[*types.Var][]types.Type{}
	for _, f := range p.pass.Files {
		if astx.InTestFile(p.pass.Fset, f.Pos()) {
			continue // a test's fakes
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(info, call).(*types.Func)
			if !ok || fn.Signature().Recv() == nil {
				return true
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			v := storeVar(info, sel.X)
			if v == nil {
				return true
			}
			params := fn.Signature().Params()
			for i := 1; i < len(call.Args) && i < params.Len(); i++ {
				if !types.IsInterface(params.At(i).Type()) {
					continue
				}
				t := info.TypeOf(call.Args[i])
				if t == nil || types.IsInterface(t) {
					t = nil // anything: a decoded payload, an error
				}
				p.stores[v] = append(p.stores[v], t)
			}
			return true
		})
	}
	return p.stores
}

// fromOwnStore reports whether the assertion x.(T) reads a value from a
// store this package fills only with values of type T, directly or
// through a variable of encl assigned from the read.
func (p *panics) fromOwnStore(encl ast.Node, n *ast.TypeAssertExpr) bool {
	info := p.pass.TypesInfo
	want := info.TypeOf(n.Type)
	if want == nil {
		return false
	}
	read := func(e ast.Expr) *types.Var {
		if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
			return p.storeRead(call)
		}
		return nil
	}
	store := read(n.X)
	if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && store == nil {
		v := info.Uses[id]
		ast.Inspect(encl, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.AssignStmt:
				if len(m.Rhs) == 1 && len(m.Lhs) > 0 {
					if l, ok := m.Lhs[0].(*ast.Ident); ok && v != nil && info.ObjectOf(l) == v {
						store = read(m.Rhs[0])
					}
				}
			case *ast.ValueSpec:
				if len(m.Values) == 1 && len(m.Names) > 0 && v != nil && info.Defs[m.Names[0]] == v {
					store = read(m.Values[0])
				}
			}
			return store == nil
		})
	}
	if store == nil {
		return false
	}
	types_ := p.storedTypes()[store]
	if len(types_) == 0 {
		return false // filled elsewhere
	}
	for _, t := range types_ {
		if t == nil || !types.AssignableTo(t, want) || (!types.IsInterface(want) && !types.Identical(t, want)) {
			return false
		}
	}
	return true
}
