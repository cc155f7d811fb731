// Package astx holds the small questions about syntax and packages that
// every rule asks, answered once: whether a position is in a test file,
// whether a package imports another, whether a function is a given
// method. Each is total: a position outside any file, a nil function or
// a package without imports is simply not one.
package astx

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// InTestFile reports whether pos is in a _test.go file.
func InTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// Imports reports whether pkg imports (directly) any of paths.
func Imports(pkg *types.Package, paths ...string) bool {
	if pkg == nil {
		return false
	}
	for _, imp := range pkg.Imports() {
		if slices.Contains(paths, imp.Path()) {
			return true
		}
	}
	return false
}

// IsMethod reports whether fn is the method name of pkg's type typ, with
// a pointer receiver or not (pkg.(*T).name or pkg.T.name; an alias of T
// names T).
func IsMethod(fn *types.Func, pkg, typ, name string) bool {
	if fn == nil || fn.Name() != name || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	n := NamedOf(recv.Type())
	return n != nil && n.Obj().Name() == typ
}

// NamedOf returns the named type t is, or points to, through aliases (T
// for T, *T, or an alias of either); nil for any other type.
func NamedOf(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// RecvChan returns ch in a select case `case <-ch:` or `case x := <-ch:`
// (`case x, ok := <-ch:`), or nil for a send case, the default case, or
// anything else.
func RecvChan(cc *ast.CommClause) ast.Expr {
	var e ast.Expr
	switch comm := cc.Comm.(type) {
	case *ast.ExprStmt:
		e = comm.X
	case *ast.AssignStmt:
		if len(comm.Rhs) == 1 {
			e = comm.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// EnclosingFunc returns the innermost function declaration or literal
// around cur, or nil at package level.
func EnclosingFunc(cur inspector.Cursor) ast.Node {
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return enc.Node()
	}
	return nil
}

// EnclosingDecl returns the function declaration around cur (past any
// literals), or nil at package level.
func EnclosingDecl(cur inspector.Cursor) *ast.FuncDecl {
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return enc.Node().(*ast.FuncDecl)
	}
	return nil
}

// LitArgs calls f for each parameter of a function literal called on the
// spot (func(v T) {...}(e), go func(v T) {...}(e)) with the argument
// bound to it; nothing for another call, or one with an ellipsis.
func LitArgs(call *ast.CallExpr, f func(param *ast.Ident, arg ast.Expr)) {
	lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit)
	if !ok || call.Ellipsis.IsValid() {
		return
	}
	i := 0
	for _, field := range lit.Type.Params.List {
		for _, id := range field.Names {
			if i < len(call.Args) {
				f(id, call.Args[i])
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
}

// MutexCall returns the mutex and the method of e if e is a call of a
// method of sync.Mutex or sync.RWMutex (mu.Lock(), s.mu.RUnlock(),
// mu.TryLock()).
func MutexCall(info *types.Info, e ast.Expr) (mu ast.Expr, method string, ok bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, "", false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, "", false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || !IsMethod(fn, "sync", "Mutex", fn.Name()) && !IsMethod(fn, "sync", "RWMutex", fn.Name()) {
		return nil, "", false
	}
	return sel.X, fn.Name(), true
}
