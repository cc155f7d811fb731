package goroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// FuncDecls, DeclOf and LaunchesIn: the declarations with bodies, the
// declaration of a function or of an instance's origin, the launches in a
// declaration and in its literals.
func TestDecls(t *testing.T) {
	tp := load(t, srctest.Src("", `func external()
func work() {}
func A() { go work(); func() { go work() }() }
type Box[T any] struct{}
func (Box[T]) B() { go func() { go work() }() }
func none() {}
var _ = func() int { go work(); return 0 }()
`), Config{})
	var names []string
	for _, fd := range tp.model.FuncDecls() {
		names = append(names, fd.Obj.Name())
		if fd.Body.Node() != fd.Decl.Body {
			t.Errorf("%s: Body cursor is at %T, want the body", fd.Obj.Name(), fd.Body.Node())
		}
	}
	if want := []string{"work", "A", "B", "none"}; !slices.Equal(names, want) {
		t.Errorf("FuncDecls = %q, want %q (external has no body)", names, want)
	}
	scope := tp.pass.Pkg.Scope()
	if d := tp.model.DeclOf(scope.Lookup("external").(*types.Func)); d != nil {
		t.Errorf("DeclOf(external) = %v, want nil", d.Name)
	}
	inst, err := types.Instantiate(nil, scope.Lookup("Box").Type(), []types.Type{types.Typ[types.Int]}, true)
	if err != nil {
		t.Fatal(err)
	}
	obj, _, _ := types.LookupFieldOrMethod(inst, false, tp.pass.Pkg, "B")
	if d := tp.model.DeclOf(obj.(*types.Func)); d == nil || d.Name.Name != "B" {
		t.Errorf("DeclOf(Box[int].B) = %v, want B's declaration", d)
	}
	for _, tc := range []struct {
		fn   string
		want int
	}{
		{"A", 2}, // its own and its literal's
		{"B", 2}, // the go statement and the one in the goroutine
		{"work", 0},
	} {
		var decl *ast.FuncDecl
		for _, fd := range tp.model.FuncDecls() {
			if fd.Obj.Name() == tc.fn {
				decl = fd.Decl
			}
		}
		ls := tp.model.LaunchesIn(decl)
		if len(ls) != tc.want {
			t.Errorf("LaunchesIn(%s) = %d launches, want %d", tc.fn, len(ls), tc.want)
		}
		for i := 1; i < len(ls); i++ {
			if ls[i-1].Pos() >= ls[i].Pos() {
				t.Errorf("LaunchesIn(%s) not in source order", tc.fn)
			}
		}
	}
}

// The model's InspectNoLits stays out of function literals and never
// calls f with nil (astx.TestInspect compares it with ast.Inspect).
func TestInspectNoLits(t *testing.T) {
	tp := load(t, srctest.Src("", `func g() {}
func F() { g(); go func() { g() }(); defer func() { g() }(); g() }`), Config{})
	calls := 0
	tp.model.InspectNoLits(srctest.FuncNamed(t, tp.pass.Files[0], "F").Body, nil, func(n ast.Node) bool {
		if n == nil {
			t.Fatal("f called with nil")
		}
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "g" {
				calls++
			}
		}
		return true
	})
	if calls != 2 {
		t.Errorf("saw %d calls of g, want the 2 outside the literals", calls)
	}
}

// FuncName, as messages and facts name functions.
func TestFuncName(t *testing.T) {
	tp := load(t, srctest.Src("", `type T struct{}
func (T) Val() {}
func (*T) Ptr() {}
type A = T
func (A) ViaAlias() {}
type G[X any] struct{}
func (G[X]) M() {}
type I interface{ N() }
func F() {}
`), Config{})
	scope := tp.pass.Pkg.Scope()
	method := func(typ types.Type, name string) *types.Func {
		obj, _, _ := types.LookupFieldOrMethod(typ, true, tp.pass.Pkg, name)
		return obj.(*types.Func)
	}
	T := scope.Lookup("T").Type()
	errorMethod, _, _ := types.LookupFieldOrMethod(types.Universe.Lookup("error").Type(), false, nil, "Error")
	for _, tc := range []struct {
		fn   *types.Func
		want string
	}{
		{scope.Lookup("F").(*types.Func), "p.F"},
		{method(T, "Val"), "(p.T).Val"},
		{method(T, "Ptr"), "(*p.T).Ptr"},
		{method(T, "ViaAlias"), "(p.T).ViaAlias"}, // the alias is resolved
		{method(scope.Lookup("G").Type(), "M"), "(p.G).M"},
		{method(scope.Lookup("I").Type(), "N"), "(p.I).N"},
		{errorMethod.(*types.Func), "(error).Error"}, // no package
	} {
		if got := FuncName(tc.fn); got != tc.want {
			t.Errorf("FuncName(%s) = %q, want %q", tc.fn, got, tc.want)
		}
	}
}

func TestShortPos(t *testing.T) {
	tp := load(t, srctest.Src("", "func F() {}\n"), Config{})
	fn := tp.pass.Pkg.Scope().Lookup("F")
	if got := ShortPos(tp.pass.Fset, fn.Pos()); got != "p.go:4" {
		t.Errorf("ShortPos(F) = %q, want p.go:4", got)
	}
	if got := ShortPos(tp.pass.Fset, token.NoPos); got != "?" {
		t.Errorf("ShortPos(NoPos) = %q, want ?", got)
	}
}

// SortedFuncs orders by position: declaration order.
func TestSortedFuncs(t *testing.T) {
	tp := load(t, srctest.Src("", "func c() {}\nfunc a() {}\nfunc b() {}\n"), Config{})
	m := map[*types.Func]int{}
	for _, name := range []string{"a", "b", "c"} {
		m[tp.pass.Pkg.Scope().Lookup(name).(*types.Func)] = 0
	}
	var got []string
	for _, fn := range SortedFuncs(m) {
		got = append(got, fn.Name())
	}
	if want := []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("SortedFuncs = %q, want %q", got, want)
	}
}

// MayHoldPooled: a pooled type can appear when the package, one of its
// imports, or one of theirs defines one; the search stops there (a
// heuristic fast path, pinned as it is).
func TestMayHoldPooled(t *testing.T) {
	deps := map[string]string{
		"p/web": `package web
import "github.com/gin-gonic/gin"
type Ctx = gin.Context`,
		"p/api": `package api
import "p/web"
type Handler func(*web.Ctx)`,
		"p/svc": `package svc
import "p/api"
var Routes []api.Handler`,
		"p/plain": `package plain
const X = 0`,
		"example.com/kit": `package kit
type Ctx struct{}`,
	}
	kit := &frameworks.Type{Framework: "kit", PkgPath: "example.com/kit", Name: "Ctx", Configured: true}
	for _, tc := range []struct {
		name, imports, src string
		cfg                Config
		want               bool
	}{
		{"imports gin", "github.com/gin-gonic/gin", `var _ *gin.Context`, Config{}, true},
		{"imports a wrapper of gin", "p/web", `var _ *web.Ctx`, Config{}, true},
		// gin three imports down: not searched, though gin's Context
		// can reach p through api.Handler (or svc.Routes) without p
		// naming it.
		{"imports a wrapper of a wrapper", "p/api", `var _ api.Handler`, Config{}, false},
		{"four levels down", "p/svc", `var _ = svc.Routes`, Config{}, false},
		{"net/http", "net/http", `var _ http.ResponseWriter`, Config{}, true},
		{"plain only", "p/plain strings", `var _ = plain.X; var _ = strings.Cut`, Config{}, false},
		{"configured type", "example.com/kit", `var _ *kit.Ctx`, Config{ContextTypes: []*frameworks.Type{kit}}, true},
		{"configured type, not configured", "example.com/kit", `var _ *kit.Ctx`, Config{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := loadWith(t, deps, srctest.Src(tc.imports, tc.src), tc.cfg)
			if got := tp.model.MayHoldPooled(); got != tc.want {
				t.Errorf("MayHoldPooled = %v, want %v", got, tc.want)
			}
		})
	}
}
