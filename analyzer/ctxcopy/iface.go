package ctxcopy

import (
	"go/ast"
	"go/types"
)

// An impl is a concrete method that hands a parameter to a goroutine.
type impl struct {
	fn   *types.Func
	fact *HandoffFact
}

// handoffImpls returns the implementations of the interface method m that
// the analysis can see (goroutine.Implementations: the user's packages
// this one imports, directly or not) and that hand a parameter to a
// goroutine.
func (c *checker) handoffImpls(m *types.Func) []impl {
	var out []impl
	for _, fn := range c.m.Implementations(m) {
		if fact := c.m.handoff(fn); fact != nil {
			out = append(out, impl{fn: fn, fact: fact})
		}
	}
	return out
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
