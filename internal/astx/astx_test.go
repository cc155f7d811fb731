package astx

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

func TestAstx(t *testing.T) {
	const src = `package p

import "sync"

type T struct{}

func (T) M()   {}
func (*T) P()  {}
func F()       {}

type A = T

var _ sync.Mutex
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := parser.ParseFile(fset, "g.go", "package p", 0)
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{f, g}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !InTestFile(fset, f.Package) || InTestFile(fset, g.Package) || InTestFile(fset, token.NoPos) {
		t.Error("InTestFile: want true for p_test.go only")
	}
	if !Imports(pkg, "os", "sync") || Imports(pkg, "os") || Imports(nil, "sync") {
		t.Error("Imports: want the direct import sync only")
	}
	T := pkg.Scope().Lookup("T").Type().(*types.Named)
	m, p := T.Method(0), T.Method(1)
	fn := pkg.Scope().Lookup("F").(*types.Func)
	for _, tc := range []struct {
		fn       *types.Func
		pkg, typ string
		name     string
		want     bool
	}{
		{m, "example.com/p", "T", "M", true},
		{p, "example.com/p", "T", "P", true},  // pointer receiver
		{m, "example.com/p", "A", "M", false}, // the alias names T, not A
		{m, "example.com/q", "T", "M", false},
		{m, "example.com/p", "T", "P", false},
		{fn, "example.com/p", "T", "F", false}, // not a method
		{nil, "example.com/p", "T", "M", false},
	} {
		if got := IsMethod(tc.fn, tc.pkg, tc.typ, tc.name); got != tc.want {
			t.Errorf("IsMethod(%v, %s, %s, %s) = %v", tc.fn, tc.pkg, tc.typ, tc.name, got)
		}
	}
}

func TestRecvChan(t *testing.T) {
	const src = `package p

func f(a, b, c, d chan int) {
	select {
	case <-a:
	case x := <-b:
		_ = x
	case y, ok := <-(c):
		_, _ = y, ok
	case d <- 1:
	default:
	}
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok {
			if ch := RecvChan(cc); ch != nil {
				got = append(got, ast.Unparen(ch).(*ast.Ident).Name) // the operand as written: (c) for <-(c)
			} else {
				got = append(got, "-")
			}
		}
		return true
	})
	if want := "a b c - -"; strings.Join(got, " ") != want {
		t.Errorf("RecvChan over the cases: %q, want %q", strings.Join(got, " "), want)
	}
}
