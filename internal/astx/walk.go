package astx

import (
	"go/ast"
	"reflect"

	"golang.org/x/tools/go/ast/inspector"
)

// CursorOf returns the cursor of n, a node of in's files, found by
// position (FindByPos descends by extents, so it costs the depth of n, not
// the size of the package). It reports false for a node not in them.
func CursorOf(in *inspector.Inspector, n ast.Node) (inspector.Cursor, bool) {
	if in == nil || n == nil {
		return inspector.Cursor{}, false
	}
	if !n.Pos().IsValid() || n.End() < n.Pos() {
		return in.Root().FindNode(n) // positions of broken code: by identity
	}
	c, ok := in.Root().FindByPos(n.Pos(), n.End())
	// FindByPos answers the innermost node of n's extent: n, or a node
	// below it that spans as much (the call of an ExprStmt).
	for ok && c.Node() != nil {
		if c.Node() == n {
			return c, true
		}
		if c.Node().Pos() < n.Pos() || c.Node().End() > n.End() {
			break // past n's extent: n is not on this path
		}
		c = c.Parent()
	}
	return in.Root().FindNode(n) // positions that do not nest (broken code)
}

// Inspect is ast.Inspect over n's subtree through the inspector: f is
// called in the same order, never with nil, and a false result skips the
// node's children. With types, f sees only the nodes of those types, and
// the walk skips the subtrees that hold none of them — a walk for the
// return statements of a function touches little else. A callback that
// prunes at a node must name its type. Without in, or for a node outside
// its files, it walks the syntax itself, to the same effect.
func Inspect(in *inspector.Inspector, n ast.Node, types []ast.Node, f func(ast.Node) bool) {
	if c, ok := CursorOf(in, n); ok {
		InspectAt(c, types, f)
		return
	}
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil {
			return false
		}
		if len(types) > 0 && !slicesContainsType(types, m) {
			return true
		}
		return f(m)
	})
}

// InspectAt is Inspect from a cursor.
func InspectAt(c inspector.Cursor, types []ast.Node, f func(ast.Node) bool) {
	c.Inspect(types, func(c inspector.Cursor) bool { return f(c.Node()) })
}

// NoLits returns types and f for a walk that does not descend into
// function literals (InspectNoLits).
func NoLits(types []ast.Node, f func(ast.Node) bool) ([]ast.Node, func(ast.Node) bool) {
	if len(types) > 0 {
		types = append(types[:len(types):len(types)], (*ast.FuncLit)(nil))
	}
	return types, func(m ast.Node) bool {
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		return f(m)
	}
}

// InspectNoLits is Inspect that does not descend into function literals
// (code that runs later, or on another goroutine).
func InspectNoLits(in *inspector.Inspector, n ast.Node, types []ast.Node, f func(ast.Node) bool) {
	types, f = NoLits(types, f)
	Inspect(in, n, types, f)
}

func slicesContainsType(types []ast.Node, n ast.Node) bool {
	t := reflect.TypeOf(n)
	for _, x := range types {
		if reflect.TypeOf(x) == t {
			return true
		}
	}
	return false
}
