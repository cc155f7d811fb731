package goroutine

import (
	"go/ast"
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// Callbacks the package's callers register (issue 24). A server library
// runs the request's work through functions its users register — tool
// handlers, hooks, plugins: code the package does not control, which can
// observe cancellation and can panic.
//
// A function value is registered when it is read from a field (or an
// element of a map or slice field) that an exported function or method
// stores one of its function parameters into — s.tools[name] = h in
// AddTool(name string, h ToolHandler), s.hooks = append(s.hooks, h),
// s.entries[k] = entry{handler: h}: registered now, run later, where no
// caller can see it. A function parameter the function runs itself is
// not: its callers see that launch and what they pass (the launcher
// facts). Values the package makes itself are its own.

// Registered reports whether field f holds functions that the package's
// exported API registers for its callers.
func (m *Model) Registered(f *types.Var) bool {
	if m.registered == nil {
		m.registered = m.registeredFields()
	}
	return m.registered[f]
}

// RegisteredRead returns the field that e reads a registered function
// from — s.onDone, s.tools[name], s.tools[name].handler — or nil.
func (m *Model) RegisteredRead(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			e = x.X
			continue
		case *ast.SelectorExpr:
			if sel := m.pass.TypesInfo.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
				if f, _ := sel.Obj().(*types.Var); f != nil && m.Registered(f) {
					return f
				}
			}
		}
		return nil
	}
}

func (m *Model) registeredFields() map[*types.Var]bool {
	info := m.pass.TypesInfo
	out := map[*types.Var]bool{}
	for _, fd := range m.FuncDecls() {
		if !exportedAPI(fd.Obj) || fd.Decl.Body == nil {
			continue
		}
		params := map[types.Object]bool{}
		for v := range fd.Obj.Signature().Params().Variables() {
			if _, ok := v.Type().Underlying().(*types.Signature); ok {
				params[v] = true
			}
		}
		if len(params) == 0 {
			continue
		}
		carries := func(e ast.Expr) bool {
			switch e := ast.Unparen(e).(type) {
			case *ast.Ident:
				return params[info.Uses[e]]
			case *ast.CallExpr: // append(s.hooks, h)
				if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) > 1 {
					if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "append" {
						for _, a := range e.Args[1:] {
							if id, ok := ast.Unparen(a).(*ast.Ident); ok && params[info.Uses[id]] {
								return true
							}
						}
					}
				}
			}
			return false
		}
		m.Inspect(fd.Decl.Body, []ast.Node{(*ast.AssignStmt)(nil), (*ast.KeyValueExpr)(nil)}, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, rhs := range n.Rhs {
					if carries(rhs) {
						if f := storedField(info, n.Lhs[i]); f != nil {
							out[f] = true
						}
					}
				}
			case *ast.KeyValueExpr: // entry{handler: h}
				if id, ok := n.Key.(*ast.Ident); ok && carries(n.Value) {
					if f, ok := info.Uses[id].(*types.Var); ok && f.IsField() {
						out[f] = true
					}
				}
			}
			return true
		})
	}
	return out
}

// exportedAPI reports whether fn can be called from outside its package:
// an exported function, or an exported method of an exported type.
func exportedAPI(fn *types.Func) bool {
	if !fn.Exported() {
		return false
	}
	if fn.Signature().Recv() == nil {
		return true
	}
	n := recvNamed(fn)
	return n != nil && n.Obj().Exported()
}

// recvNamed returns the named type of fn's receiver (T of a method on T
// or *T), or nil for a function or an interface method.
func recvNamed(fn *types.Func) *types.Named {
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	return astx.NamedOf(recv.Type())
}

// storedField returns the field an assignment's left-hand side stores
// into: x.f, x.f[k].
func storedField(info *types.Info, lhs ast.Expr) *types.Var {
	for {
		switch e := ast.Unparen(lhs).(type) {
		case *ast.IndexExpr:
			lhs = e.X
			continue
		case *ast.SelectorExpr:
			if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
				f, _ := sel.Obj().(*types.Var)
				return f
			}
		}
		return nil
	}
}
