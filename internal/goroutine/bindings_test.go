package goroutine

import (
	"go/ast"
	"go/types"
	"slices"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// TestEachBinding lists, per shape, the bindings of F as "lhs=rhs" (with
// "*" for one value of a tuple, "_" where obj maps the left side to nil).
func TestEachBinding(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"assignments", `func F() { a, b := 1, 2; a = b; _, _ = a, b }`,
			[]string{"a=1", "b=2", "a=b", "_=a", "_=b"}},
		{"tuple", `func g() (int, error) { return 0, nil }; func F() { n, err := g(); _, _ = n, err }`,
			[]string{"n=g()*", "err=g()*", "_=n", "_=err"}},
		{"declarations", `func F() { var x, y = 1, 2; var z int; _, _, _ = x, y, z }`,
			[]string{"x=1", "y=2", "_=x", "_=y", "_=z"}},
		{"literal called with arguments", `func F() { go func(a int, _ string, b int) {}(1, "s", 2) }`,
			[]string{"a=1", "_=\"s\"", "b=2"}},
		{"literal with unnamed parameters", `func F() { func(int, int) {}(1, 2) }`,
			nil},
		{"variadic call is skipped", `func F(xs []int) { func(xs ...int) {}(xs...) }`,
			nil},
		{"field store maps through obj", `type S struct{ f int }; func F(s S) { s.f = 1 }`,
			[]string{"_=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := load(t, srctest.Src("", tc.src), Config{})
			info := tp.pass.TypesInfo
			var fn ast.Node
			for _, f := range tp.pass.Files {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "F" {
						fn = fd
					}
				}
			}
			ident := func(e ast.Expr) types.Object {
				if id, ok := e.(*ast.Ident); ok {
					return info.ObjectOf(id)
				}
				return nil
			}
			var got []string
			EachBinding(info, fn, ident, func(lhs types.Object, rhs ast.Expr, tuple bool) {
				name := "_"
				if lhs != nil && lhs.Name() != "_" {
					name = lhs.Name()
				}
				s := name + "=" + types.ExprString(rhs)
				if tuple {
					s += "*"
				}
				got = append(got, s)
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("bindings = %q, want %q", got, tc.want)
			}
		})
	}
}
