package ctxcancel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Callbacks the package's callers supply (issue 24). A server library
// runs the request's work through functions its users register — tool
// handlers, hooks, plugins — and code the package does not control is
// exactly what observes cancellation: a function value that comes in
// through the package's exported API and is called with the request's
// context counts as observing it.
//
// A function value is supplied when it is read from a field (or an
// element of a map or slice field) that an exported function or method
// stores one of its parameters into — s.tools[name] = h in
// AddTool(name string, h ToolHandler): registered now, run later while
// serving, where no caller can see it. A function parameter the function
// runs itself is not: its callers see that launch and what they pass
// (goroutine wrappers' facts). Values the package makes itself (its
// literals, its named functions) are its own: whether they observe the
// context is what the rule's facts say.

// callbacks is the package's record of supplied function values.
type callbacks struct {
	fields map[*types.Var]bool // fields that hold functions the exported API registers
}

// callbacks returns the package's supplied function values, computed
// once.
func (c *checker) callbacks() *callbacks {
	if c.cbs != nil {
		return c.cbs
	}
	info := c.p.TypesInfo
	cb := &callbacks{fields: map[*types.Var]bool{}}
	c.cbs = cb
	for _, fd := range c.m.FuncDecls() {
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
				if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "append" {
					if _, ok := info.Uses[id].(*types.Builtin); ok {
						for _, a := range e.Args[min(1, len(e.Args)):] {
							if id, ok := ast.Unparen(a).(*ast.Ident); ok && params[info.Uses[id]] {
								return true
							}
						}
					}
				}
			}
			return false
		}
		ast.Inspect(fd.Decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, rhs := range n.Rhs {
					if carries(rhs) {
						if f := storedField(info, n.Lhs[i]); f != nil {
							cb.fields[f] = true
						}
					}
				}
			case *ast.KeyValueExpr: // entry{handler: h}
				if id, ok := n.Key.(*ast.Ident); ok && carries(n.Value) {
					if f, ok := info.Uses[id].(*types.Var); ok && f.IsField() {
						cb.fields[f] = true
					}
				}
			}
			return true
		})
	}
	return cb
}

// exportedAPI reports whether fn can be called from outside its package:
// an exported function, or an exported method of an exported type.
func exportedAPI(fn *types.Func) bool {
	if !fn.Exported() {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return true
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Exported()
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

// supplied reports whether fun, the function expression of a call in
// t.fn, is a function value the package's callers supply: a read of a
// field holding one (s.onEvent, s.tools[name], s.tools[name].handler), or
// a local variable bound to such a read (h := s.tools[name]; for _, h :=
// range s.hooks).
func (t *tracker) supplied(fun ast.Expr) bool {
	return t.suppliedExpr(fun, 0)
}

func (t *tracker) suppliedExpr(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	info := t.c.p.TypesInfo
	cb := t.c.callbacks()
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		for _, rhs := range t.funcBindings()[v] {
			if t.suppliedExpr(rhs, depth+1) {
				return true
			}
		}
	case *ast.IndexExpr:
		return t.suppliedExpr(e.X, depth+1)
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			f, _ := sel.Obj().(*types.Var)
			return cb.fields[f]
		}
	}
	return false
}

// funcBindings returns what the local variables of t.fn are bound to,
// for those that hold functions (or entries of a field of functions):
// assignments, declarations and range statements.
func (t *tracker) funcBindings() map[types.Object][]ast.Expr {
	if t.funcs != nil {
		return t.funcs
	}
	info := t.c.p.TypesInfo
	t.funcs = map[types.Object][]ast.Expr{}
	t.eachBinding(func(lhs types.Object, rhs ast.Expr, tuple bool) {
		if lhs != nil {
			if _, ok := lhs.Type().Underlying().(*types.Signature); ok {
				t.funcs[lhs] = append(t.funcs[lhs], rhs) // h := s.tools[name], h, ok := s.tools[name]
			}
		}
	})
	ast.Inspect(t.fn, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok && r.Tok == token.DEFINE && r.Value != nil {
			if id, ok := r.Value.(*ast.Ident); ok {
				if v := info.Defs[id]; v != nil {
					t.funcs[v] = append(t.funcs[v], r.X) // for _, h := range s.hooks
				}
			}
		}
		return true
	})
	return t.funcs
}
