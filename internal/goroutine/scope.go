package goroutine

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
)

// A PooledParam is a parameter of a pooled request-context type.
type PooledParam struct {
	Var  *types.Var
	Type *frameworks.Type
}

// HandlerParams returns the pooled request-context parameters of the
// function declaration or literal fn: *gin.Context in a gin handler,
// middleware, closure returned as gin.HandlerFunc or method on a handler
// struct; c in a hertz handler; w in a net/http handler; and so on.
func (m *Model) HandlerParams(fn ast.Node) []PooledParam {
	sig := m.signature(fn)
	if sig == nil {
		return nil
	}
	var out []PooledParam
	for v := range sig.Params().Variables() {
		if t := m.table.Lookup(v.Type()); t != nil {
			out = append(out, PooledParam{Var: v, Type: t})
		}
	}
	return out
}

// IsHandler reports whether fn runs while serving a request: it has a
// pooled request-context parameter (framework handlers and middleware) or
// the net/http handler signature.
func (m *Model) IsHandler(fn ast.Node) bool {
	// Asked for every enclosing function of every call and launch the
	// rules look at (RequestHandlerAt, HandlerAround): kept per function.
	if is, ok := m.isHandler[fn]; ok {
		return is
	}
	is := len(m.HandlerParams(fn)) > 0
	if !is {
		sig := m.signature(fn)
		is = sig != nil && isHTTPHandlerSig(sig)
	}
	if m.isHandler == nil {
		m.isHandler = map[ast.Node]bool{}
	}
	m.isHandler[fn] = is
	return is
}

// InRequestScope reports whether l starts its goroutine while a request is
// being served: the launch is in a handler, or in a function literal or
// goroutine nested in one. A middleware factory's own body (the code that
// builds the gin.HandlerFunc it returns) runs at setup, not per request.
func (m *Model) InRequestScope(l *Launch) bool {
	return m.HandlerAround(l) != nil
}

// HandlerAround returns the innermost handler function enclosing l, or
// nil.
func (m *Model) HandlerAround(l *Launch) ast.Node {
	for enc := range l.Cursor.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if m.IsHandler(enc.Node()) {
			return enc.Node()
		}
	}
	return nil
}

func (m *Model) signature(fn ast.Node) *types.Signature {
	info := m.pass.TypesInfo
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
			return obj.Type().(*types.Signature)
		}
	case *ast.FuncLit:
		if tv, ok := info.Types[fn]; ok {
			sig, _ := tv.Type.(*types.Signature)
			return sig
		}
	}
	return nil
}

// isHTTPHandlerSig reports whether sig is func(http.ResponseWriter,
// *http.Request), as a function or a method (ServeHTTP).
func isHTTPHandlerSig(sig *types.Signature) bool {
	if sig.Params().Len() != 2 {
		return false
	}
	return IsNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") &&
		IsNamed(sig.Params().At(1).Type(), "net/http", "Request")
}

// IsNamed reports whether t is (a pointer to) the named type pkg.name.
func IsNamed(t types.Type, pkg, name string) bool {
	named := astx.NamedOf(t)
	return named != nil && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == pkg && named.Obj().Name() == name
}

// IsContextLike reports whether values of type t can be, or carry, a
// context.Context: t has Deadline, Done, Err and Value methods.
func IsContextLike(t types.Type) bool {
	switch types.Unalias(t).(type) {
	case nil, *types.Basic, *types.Slice, *types.Array, *types.Map, *types.Chan, *types.Signature, *types.Tuple:
		return false // unnamed types without methods: asked of most values
	}
	for _, name := range [...]string{"Deadline", "Done", "Err", "Value"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if _, ok := obj.(*types.Func); !ok {
			return false
		}
	}
	return true
}

// RequestHandlerAt returns the innermost handler function around cur (a
// call or statement), or nil: the same request scope as HandlerAround,
// for calls that are not launches.
func (m *Model) RequestHandlerAt(cur inspector.Cursor) ast.Node {
	// Asked for every call of the package by several rules: the answer is
	// kept per innermost function.
	for c := cur; ; c = c.Parent() {
		switch fn := c.Node().(type) {
		case nil:
			return nil // the root: no function around
		case *ast.FuncDecl, *ast.FuncLit:
			if h, ok := m.handlerAt[fn]; ok {
				return h
			}
			var h ast.Node = fn
			if !m.IsHandler(fn) {
				h = m.RequestHandlerAt(c.Parent())
			}
			if m.handlerAt == nil {
				m.handlerAt = map[ast.Node]ast.Node{}
			}
			m.handlerAt[fn] = h
			return h
		}
	}
}

// RootVar returns the variable at the root of e, through field
// selections, indexes and dereferences (x in x.f[i].g, *x, pkg.V in
// pkg.V.f), and whether e is that variable itself; nil if the root is
// not a variable (a call, a literal, a function).
func RootVar(info *types.Info, e ast.Expr) (*types.Var, bool) {
	direct := true
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			return v, direct && v != nil
		case *ast.SelectorExpr:
			if info.Selections[x] == nil { // pkg.V
				v, _ := info.Uses[x.Sel].(*types.Var)
				return v, direct && v != nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil, false
		}
		direct = false
	}
}

// IsPackageVar reports whether v is a package-level variable.
func IsPackageVar(v *types.Var) bool {
	return v != nil && !v.IsField() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}
