package astx

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
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

func TestNamedOf(t *testing.T) {
	const src = `package p

type T struct{}

type A = *T
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{}).Check("example.com/p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	T := pkg.Scope().Lookup("T").Type()
	for _, tc := range []struct {
		typ  types.Type
		want bool
	}{
		{T, true},
		{types.NewPointer(T), true},
		{pkg.Scope().Lookup("A").Type(), true}, // an alias of *T
		{types.NewPointer(types.NewPointer(T)), false},
		{types.NewSlice(T), false},
		{nil, false},
	} {
		if got := NamedOf(tc.typ); (got != nil) != tc.want || got != nil && got.Obj().Name() != "T" {
			t.Errorf("NamedOf(%v) = %v", tc.typ, got)
		}
	}
}

func TestEnclosing(t *testing.T) {
	const src = `package p

var v = 1

func F() {
	_ = func() {
		_ = 2
	}
	_ = 3
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	root := inspector.New([]*ast.File{f}).Root()
	got := map[string]string{}
	for cur := range root.Preorder((*ast.BasicLit)(nil)) {
		lit := cur.Node().(*ast.BasicLit).Value
		fn, decl := "nil", "nil"
		switch n := EnclosingFunc(cur).(type) {
		case *ast.FuncLit:
			fn = "lit"
		case *ast.FuncDecl:
			fn = n.Name.Name
		}
		if d := EnclosingDecl(cur); d != nil {
			decl = d.Name.Name
		}
		got[lit] = fn + " " + decl
	}
	want := map[string]string{"1": "nil nil", "2": "lit F", "3": "F F"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("literal %s: EnclosingFunc, EnclosingDecl = %s, want %s", k, got[k], w)
		}
	}
}

// MutexCall: a method of sync.Mutex or sync.RWMutex, on a variable, a
// field or promoted from an embedded mutex; not another type's Lock.
func TestMutexCall(t *testing.T) {
	const src = `package p

import "sync"

type S struct {
	sync.Mutex
	rw sync.RWMutex
}

type L struct{}

func (L) Lock() {}

func F(mu *sync.Mutex, s *S, l L) {
	mu.Lock()
	s.rw.RUnlock()
	s.Lock()
	_ = mu.TryLock()
	l.Lock()
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("example.com/p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if mu, m, ok := MutexCall(info, call); ok {
				got = append(got, types.ExprString(mu)+"."+m)
			} else {
				got = append(got, "-")
			}
		}
		return true
	})
	if want := "mu.Lock s.rw.RUnlock s.Lock mu.TryLock -"; strings.Join(got, " ") != want {
		t.Errorf("MutexCall over the calls: %q, want %q", strings.Join(got, " "), want)
	}
}
