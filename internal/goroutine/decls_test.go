package goroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"
)

// Model.Fixpoint, the solver keyed by references (calls and function
// values, in nested literals too): every function below reads the fact of
// the functions its row in reads names, and is marked if one of them is.
// The bases come last in fns, so that every mark must travel back to the
// functions that refer to them.
func TestModelFixpoint(t *testing.T) {
	src := pkgSrc("", `type S struct{}
func (s *S) run() { base() }
type Box[T any] struct{}
func (Box[T]) put() { base() }

func base() {}
func callsBase() { base() }
func valueOfBase() { _ = base }
func litCallsBase() { go func() { base() }() }
func methodValue(s *S) { f := s.run; _ = f }
func chain() { callsBase() }
func gen[T any]() { base() }
func callsGen() { gen[int]() }
func callsPut() { Box[int]{}.put() }
func cycleA() { cycleB() }
func cycleB() { cycleA(); chain() }
func none() {}
func cycleC() { cycleD() }
func cycleD() { cycleC() }
`)
	tp := load(t, src, Config{})
	reads := map[string][]string{
		"callsBase":    {"base"}, // a call
		"valueOfBase":  {"base"}, // a function value
		"litCallsBase": {"base"}, // in a nested literal
		"methodValue":  {"run"},  // a method value
		"chain":        {"callsBase"},
		"gen":          {"base"},
		"callsGen":     {"gen"},    // a generic function's instance
		"callsPut":     {"put"},    // a generic type's method's instance
		"cycleA":       {"cycleB"}, // a cycle that reaches a base
		"cycleB":       {"cycleA", "chain"},
		"cycleC":       {"cycleD"}, // a cycle that does not
		"cycleD":       {"cycleC"},
		"run":          {"base"},
		"put":          {"base"},
	}
	order := []string{"callsGen", "callsPut", "chain", "cycleA", "cycleB", "cycleC", "cycleD", "none", "callsBase", "valueOfBase", "litCallsBase", "methodValue", "gen", "run", "put", "base"}
	byName := map[string]*types.Func{}
	for _, fd := range tp.model.FuncDecls() {
		byName[fd.Obj.Name()] = fd.Obj
	}
	fns := make([]*types.Func, len(order))
	index := map[string]int{}
	for i, name := range order {
		fns[i] = byName[name]
		index[name] = i
		if fns[i] == nil {
			t.Fatalf("no func %s", name)
		}
	}
	marked := make([]bool, len(fns))
	steps := 0
	tp.model.Fixpoint(fns, func(i int) bool {
		steps++
		if marked[i] {
			return false
		}
		v := order[i] == "base"
		for _, r := range reads[order[i]] {
			v = v || marked[index[r]]
		}
		marked[i] = v
		return v
	})
	var unmarked []string
	for i, m := range marked {
		if !m {
			unmarked = append(unmarked, order[i])
		}
	}
	if want := []string{"cycleC", "cycleD", "none"}; !slices.Equal(unmarked, want) {
		t.Errorf("unmarked %q, want %q", unmarked, want)
	}
	// Each function is stepped once, then again once per change of a
	// function it refers to: at most len(fns) + the references.
	if max := len(fns) + 16; steps > max {
		t.Errorf("%d steps, want at most %d", steps, max)
	}
}

// FuncDecls, DeclOf and LaunchesIn: the declarations with bodies, the
// declaration of a function or of an instance's origin, the launches in a
// declaration and in its literals.
func TestDecls(t *testing.T) {
	tp := load(t, pkgSrc("", `func external()
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

// InspectNoLits stays out of function literals and never calls f with
// nil.
func TestInspectNoLits(t *testing.T) {
	tp := load(t, pkgSrc("", `func g() {}
func F() { g(); go func() { g() }(); defer func() { g() }(); g() }`), Config{})
	calls := 0
	InspectNoLits(declNamed(t, tp, "F").Body, func(n ast.Node) bool {
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
	tp := load(t, pkgSrc("", `type T struct{}
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
	tp := load(t, pkgSrc("", "func F() {}\n"), Config{})
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
	tp := load(t, pkgSrc("", "func c() {}\nfunc a() {}\nfunc b() {}\n"), Config{})
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
			tp := loadWith(t, deps, pkgSrc(tc.imports, tc.src), tc.cfg)
			if got := tp.model.MayHoldPooled(); got != tc.want {
				t.Errorf("MayHoldPooled = %v, want %v", got, tc.want)
			}
		})
	}
}
