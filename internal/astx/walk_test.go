package astx

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
)

// Inspect visits what ast.Inspect visits, from every node of a file (an
// ExprStmt and its call span the same extent), with and without a type
// filter, with pruning at literals; and the same from a node outside the
// inspector's files.
func TestInspect(t *testing.T) {
	const src = `package p

func F(a []int, ch chan int) int {
	g()
	go func() { ch <- a[0] }()
	for i := range a {
		if a[i] > 0 {
			return a[i]
		}
	}
	defer func() { recover() }()
	return len(a)
}

func g() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := parser.ParseFile(token.NewFileSet(), "q.go", src, 0)
	in := inspector.New([]*ast.File{f})
	filters := [][]ast.Node{nil, {(*ast.ReturnStmt)(nil)}, {(*ast.CallExpr)(nil), (*ast.IndexExpr)(nil)}}
	// want is ast.Inspect, filtered by hand, pruning at literals if noLits.
	want := func(n ast.Node, types []ast.Node, noLits bool) []string {
		var out []string
		ast.Inspect(n, func(m ast.Node) bool {
			if m == nil {
				return false
			}
			if _, ok := m.(*ast.FuncLit); ok && noLits {
				return false
			}
			if len(types) == 0 || slices.ContainsFunc(types, func(x ast.Node) bool { return reflect.TypeOf(x) == reflect.TypeOf(m) }) {
				out = append(out, fmt.Sprintf("%T@%d", m, m.Pos()))
			}
			return true
		})
		return out
	}
	got := func(walk func(*inspector.Inspector, ast.Node, []ast.Node, func(ast.Node) bool), in *inspector.Inspector, n ast.Node, types []ast.Node) []string {
		var out []string
		walk(in, n, types, func(m ast.Node) bool {
			out = append(out, fmt.Sprintf("%T@%d", m, m.Pos()))
			return true
		})
		return out
	}
	nodes := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		nodes++
		if c, ok := CursorOf(in, n); !ok || c.Node() != n {
			t.Errorf("CursorOf(%T@%d) = %v, %v", n, n.Pos(), c.Node(), ok)
		}
		for _, types := range filters {
			if g, w := got(Inspect, in, n, types), want(n, types, false); !slices.Equal(g, w) {
				t.Errorf("Inspect(%T@%d, %d types) = %v, want %v", n, n.Pos(), len(types), g, w)
			}
			if g, w := got(InspectNoLits, in, n, types), want(n, types, true); !slices.Equal(g, w) && !isLit(n) {
				t.Errorf("InspectNoLits(%T@%d, %d types) = %v, want %v", n, n.Pos(), len(types), g, w)
			}
		}
		return true
	})
	if nodes < 40 {
		t.Fatalf("walked %d nodes", nodes)
	}
	// A node of another file set: the syntax is walked directly.
	fn := other.Decls[0]
	if _, ok := CursorOf(in, fn); ok {
		t.Errorf("CursorOf found a node of another file")
	}
	for _, types := range filters {
		if g, w := got(Inspect, in, fn, types), want(fn, types, false); !slices.Equal(g, w) {
			t.Errorf("Inspect(other, %d types) = %v, want %v", len(types), g, w)
		}
		if g, w := got(InspectNoLits, nil, fn, types), want(fn, types, true); !slices.Equal(g, w) {
			t.Errorf("InspectNoLits(other, %d types) = %v, want %v", len(types), g, w)
		}
	}
	// Pruning: a false result at a node of the filter skips its children.
	var ifs []string
	Inspect(in, f, []ast.Node{(*ast.IfStmt)(nil), (*ast.ReturnStmt)(nil), (*ast.RangeStmt)(nil)}, func(n ast.Node) bool {
		ifs = append(ifs, fmt.Sprintf("%T", n))
		_, rng := n.(*ast.RangeStmt)
		return !rng
	})
	if w := []string{"*ast.RangeStmt", "*ast.ReturnStmt"}; !slices.Equal(ifs, w) {
		t.Errorf("pruned walk = %v, want %v", ifs, w)
	}
}

func isLit(n ast.Node) bool { _, ok := n.(*ast.FuncLit); return ok }

// A node whose positions do not make a range (broken code: a call
// without its closing parenthesis) is still found, by identity, and
// CursorOf does not panic.
func TestCursorOfBrokenPositions(t *testing.T) {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "p.go", "package p\nfunc F() { g(1, \n}\n", parser.AllErrors)
	in := inspector.New([]*ast.File{f})
	var call *ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			call = c
		}
		return true
	})
	if call == nil {
		t.Fatal("no call parsed")
	}
	call.Rparen = 0 // End() before Pos()
	if c, ok := CursorOf(in, call); !ok || c.Node() != call {
		t.Errorf("CursorOf(call with End < Pos) = %v, %v", c.Node(), ok)
	}
	n := 0
	Inspect(in, call, nil, func(ast.Node) bool { n++; return true })
	if n == 0 {
		t.Errorf("Inspect walked nothing")
	}
}
