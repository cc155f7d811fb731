package typesx_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// check type-checks src, tolerating errors as the drivers that analyse
// ill-typed code do, and returns the expressions of every for condition
// and every var initialiser, in source order.
func check(t *testing.T, src string) (*types.Info, []ast.Expr) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	conf.Check("x", fset, []*ast.File{f}, info)
	var exprs []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			exprs = append(exprs, n.Cond)
		case *ast.ValueSpec:
			exprs = append(exprs, n.Values...)
		}
		return true
	})
	return info, exprs
}

func TestConstants(t *testing.T) {
	for _, tc := range []struct {
		src          string
		boolV, boolK bool
		intV         int64
		intK         bool
	}{
		{src: `package x; func f() { for true {} }`, boolV: true, boolK: true},
		{src: `package x; func f() { for false {} }`, boolK: true},
		{src: `package x; var v = 3 * 4`, intV: 12, intK: true},
		// Ill-typed: a constant of the wrong kind (issue 25's crasher).
		{src: `package x; func f() { for 0 {} }`, intK: true},
		{src: `package x; func f() { for "s" {} }`},
		{src: `package x; var v = 1.5`},
		{src: `package x; var v = 1 << 70`},
		{src: `package x; var v = undefined`},
		{src: `package x; func f(b bool) { for b {} }`},
	} {
		info, exprs := check(t, tc.src)
		if len(exprs) != 1 {
			t.Fatalf("%s: %d expressions", tc.src, len(exprs))
		}
		if v, ok := typesx.Bool(info, exprs[0]); v != tc.boolV || ok != tc.boolK {
			t.Errorf("Bool(%s) = %v, %v; want %v, %v", tc.src, v, ok, tc.boolV, tc.boolK)
		}
		if v, ok := typesx.Int(info, exprs[0]); v != tc.intV || ok != tc.intK {
			t.Errorf("Int(%s) = %v, %v; want %v, %v", tc.src, v, ok, tc.intV, tc.intK)
		}
	}
}

func TestUnderlying(t *testing.T) {
	info, exprs := check(t, `package x; type C chan int; var v = make(C)`)
	if _, ok := typesx.Underlying(info, exprs[0]).(*types.Chan); !ok {
		t.Errorf("Underlying(make(C)) = %v, want a channel", typesx.Underlying(info, exprs[0]))
	}
	if u := typesx.Underlying(info, &ast.Ident{Name: "unrecorded"}); u != nil {
		t.Errorf("Underlying of an unrecorded expression = %v, want nil", u)
	}
}
