package callgraph

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// The call graph the rules' facts travel on, answered directly: what a
// call may call (Callees, Implementations), and the solver under the
// facts (Solve).

type testPkg struct {
	pass *analysis.Pass
	g    *Graph
}

// load type-checks src as package p and returns its call graph.
func load(t *testing.T, src string) *testPkg {
	t.Helper()
	return loadWith(t, nil, src)
}

// loadWith is load with deps, sources of versioned dependencies by
// import path: p is then the module "p", and they are not the user's.
func loadWith(t *testing.T, deps map[string]string, src string) *testPkg {
	t.Helper()
	sp := srctest.Check(t, src, srctest.Options{Deps: deps})
	tp := &testPkg{pass: sp.Pass(nil)}
	tp.g = New(tp.pass, inspector.New(tp.pass.Files))
	return tp
}

// callsIn returns the calls in fd's body, in source order, those in
// function literals left out (a literal called at once is one call).
func callsIn(fd *ast.FuncDecl) []*ast.CallExpr {
	var out []*ast.CallExpr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok {
			out = append(out, c)
		}
		return true
	})
	return out
}

// funcNames names fns for the tables, "-" for none.
func funcNames(fns []*types.Func) string {
	if len(fns) == 0 {
		return "-"
	}
	names := make([]string, len(fns))
	for i, fn := range fns {
		names[i] = FuncName(fn)
	}
	return strings.Join(names, " ")
}

// callgraphDecls are the declarations the Callees table calls into.
const callgraphDecls = `
type I interface{ M() }
type Outer interface {
	I
	Other()
}
type Empty interface{ Nothing() }

// A implements I with a value method, B with a pointer method; C
// embeds A, so its M is A's; D has no M; Gen is generic (skipped);
// AliasA is an alias (its type is A, listed once).
type A struct{}
func (A) M() {}
func (A) Other() {}
type B struct{}
func (*B) M() {}
type C struct{ A }
type D struct{}
func (D) N() {}
type Gen[T any] struct{}
func (Gen[T]) M() {}
type AliasA = A

type S struct{}
func (s *S) Run() {}
func (s S) Val() {}

type W struct{}
func (W) Write(p []byte) (int, error) { return len(p), nil }

func g() {}
func id[T any](x T) T { return x }
`

// Each row is F's body; want names the callees of each call in it, in
// source order ("-" for none).
func TestCallees(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		// A static call is its function.
		{"static", `g()`, []string{"p.g"}},
		// A concrete method, through a pointer or a value receiver.
		{"method", `s.Run(); s.Val()`, []string{"(*p.S).Run", "(p.S).Val"}},
		// A method expression is a static call of the method.
		{"method expression", `(*S).Run(s)`, []string{"(*p.S).Run"}},
		// An interface method of the package: every implementation the
		// package can see, by type name, each once (C's M is A's).
		{"interface dispatch", `i.M()`, []string{"(p.A).M (*p.B).M"}},
		{"interface method expression", `I.M(i)`, []string{"(p.A).M (*p.B).M"}},
		// A method of an embedded interface is the embedded one's.
		{"embedded interface method", `o.M(); o.Other()`, []string{"(p.A).M (*p.B).M", "(p.A).Other"}},
		// An interface nothing implements: no callee.
		{"no implementation", `e.Nothing()`, []string{"-"}},
		// An interface outside the user's code: no callee, although W
		// implements io.Writer.
		{"std interface", `w.Write(nil)`, []string{"-"}},
		// A function value, a parameter, a closure: no static callee.
		{"function value", `h := g; h()`, []string{"-"}},
		{"function parameter", `fn()`, []string{"-"}},
		{"closure called at once", `func() { g() }()`, []string{"-"}},
		{"closure in a variable", `k := func() { g() }; k()`, []string{"-"}},
		// A generic function's instance is its origin.
		{"generic", `id(1); id[string]("")`, []string{"p.id", "p.id"}},
		{"method of a generic type", `Gen[int]{}.M()`, []string{"(p.Gen).M"}},
		// Std functions are callees too (rules ask their tables).
		{"std function", `strings.ToUpper("")`, []string{"strings.ToUpper"}},
		// Builtins and conversions call no function.
		{"builtin and conversion", `_ = len(string(rune(1)))`, []string{"-", "-", "-"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := srctest.Src("io strings", callgraphDecls+`
var _ io.Writer = W{}
var _ = strings.ToUpper
func F(i I, o Outer, e Empty, w io.Writer, fn func(), s *S) {
	`+tc.body+`
}`)
			tp := load(t, src)
			var got []string
			for _, c := range callsIn(srctest.FuncNamed(t, tp.pass.Files[0], "F")) {
				fns := tp.g.Callees(c)
				got = append(got, funcNames(fns))
				for _, fn := range fns {
					// The declared function, not an instance: facts
					// and declarations are keyed by it.
					if fn != fn.Origin() {
						t.Errorf("callee %s is an instance, want its origin", fn)
					}
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("callees = %q, want %q", got, tc.want)
			}
		})
	}
}

// Implementations across packages: the user's packages p imports,
// directly or not, are searched; a dependency's are not, and neither are
// the implementations of an interface that is not the user's.
func TestImplementations(t *testing.T) {
	deps := map[string]string{
		"p/api": `package api
type Store interface{ Get() int }`,
		"p/impl": `package impl
type Mem struct{}
func (*Mem) Get() int { return 0 }`,
		// p/wire imports p/disk; p does not.
		"p/disk": `package disk
type File struct{}
func (File) Get() int { return 0 }`,
		"p/wire": `package wire
import "p/disk"
var Default disk.File`,
		// Test doubles: mockgen's (a gomock controller field) and
		// mockery's (testify's Mock embedded) are not listed.
		"github.com/golang/mock/gomock": `package gomock
type Controller struct{}
func (c *Controller) Call(recv any, method string, args ...any) []any { return nil }`,
		"github.com/stretchr/testify/mock": `package mock
type Mock struct{}`,
		"p/mocks": `package mocks
import (
	"github.com/golang/mock/gomock"
	"github.com/stretchr/testify/mock"
)
type MockStore struct{ ctrl *gomock.Controller }
func (m *MockStore) Get() int { ret := m.ctrl.Call(m, "Get"); r, _ := ret[0].(int); return r }
type TestifyStore struct{ mock.Mock }
func (m *TestifyStore) Get() int { return 0 }
// A type that merely has a Controller-like name is not a double.
type Controller struct{}
type Real struct{ ctrl *Controller }
func (Real) Get() int { return 0 }`,
		// Not the user's module: its implementation is not listed, and
		// its interface has none.
		"example.com/vendor": `package vendor
type Cache struct{}
func (Cache) Get() int { return 0 }
type Getter interface{ Get() int }`,
	}
	src := srctest.Src("io p/api p/impl p/wire p/mocks example.com/vendor", `
type local struct{}
func (local) Get() int { return 0 }
func (local) Write(p []byte) (int, error) { return 0, nil }
var _ = impl.Mem{}
var _ = wire.Default
var _ mocks.Real
var _ vendor.Cache
var _ api.Store
var _ io.Writer
// both implements Sized only through the method it embeds: a type's own
// method list does not show it.
type Sized interface{ Get() int; Size() int }
type base struct{}
func (base) Size() int { return 0 }
type both struct{ base }
func (both) Get() int { return 1 }
`)
	tp := loadWith(t, deps, src)
	method := func(pkg, iface, name string) *types.Func {
		for _, p := range append(tp.pass.Pkg.Imports(), tp.pass.Pkg) {
			if p.Path() == pkg {
				obj, _, _ := types.LookupFieldOrMethod(p.Scope().Lookup(iface).Type(), false, p, name)
				return obj.(*types.Func)
			}
		}
		t.Fatalf("no package %s", pkg)
		return nil
	}
	for _, tc := range []struct {
		pkg, iface, name string
		want             string
	}{
		// p's own, the direct import's (impl) and the indirect
		// import's (disk, through wire), in package-path order;
		// vendor's Cache is left out.
		{"p/api", "Store", "Get", "(p.both).Get (p.local).Get (disk.File).Get (*impl.Mem).Get (mocks.Real).Get"},
		// A dependency's interface: none, though the user's types
		// implement it.
		{"example.com/vendor", "Getter", "Get", "-"},
		// A std interface: none, though local implements it.
		{"io", "Writer", "Write", "-"},
		// A method promoted from an embedded field implements too.
		{"p", "Sized", "Size", "(p.base).Size"},
	} {
		if got := funcNames(tp.g.Implementations(method(tc.pkg, tc.iface, tc.name))); got != tc.want {
			t.Errorf("Implementations(%s.%s.%s) = %s, want %s", tc.pkg, tc.iface, tc.name, got, tc.want)
		}
	}
}

// Solve on a graph of synthetic functions: "i is marked if it is a
// base or calls a marked function", the shape of the rules' facts.
func TestSolve(t *testing.T) {
	for _, tc := range []struct {
		name     string
		calls    [][]int // calls[i]: the indexes fns[i] calls; -1 for a function outside fns
		base     []int
		want     []int // the marked items
		maxSteps int
	}{
		// Callers listed before callees: a change must reach the callers
		// that already ran.
		{"chain, callers first", [][]int{{1}, {2}, {3}, nil}, []int{3}, []int{0, 1, 2, 3}, 4 + 3},
		// Self-recursion terminates.
		{"self call", [][]int{{0}, {0, 2}, nil}, []int{2}, []int{1, 2}, 3 + 2},
		// Mutual recursion: the cycle is marked as a whole when one of
		// its members calls a base, and the caller of the cycle too.
		{"mutual recursion", [][]int{{1}, {2}, {1, 3}, nil}, []int{3}, []int{0, 1, 2, 3}, 4 + 4},
		// A cycle without a base terminates unmarked.
		{"cycle without a base", [][]int{{1}, {0}}, nil, nil, 2},
		// Calls of functions outside fns are no edges.
		{"callee outside", [][]int{{-1}, nil}, []int{1}, []int{1}, 2},
		// Only callers depend on a callee: a callee is not re-run when
		// its caller changes.
		{"callee does not read its caller", [][]int{nil, {0}}, []int{1}, []int{1}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg := types.NewPackage("p", "p")
			sig := types.NewSignatureType(nil, nil, nil, nil, nil, false)
			fns := make([]*types.Func, len(tc.calls))
			for i := range fns {
				fns[i] = types.NewFunc(token.NoPos, pkg, string(rune('a'+i)), sig)
			}
			outside := types.NewFunc(token.NoPos, pkg, "outside", sig)
			callees := func(i int) []*types.Func {
				var out []*types.Func
				for _, j := range tc.calls[i] {
					if j < 0 {
						out = append(out, outside)
					} else {
						out = append(out, fns[j])
					}
				}
				return out
			}
			marked := make([]bool, len(fns))
			steps := 0
			Solve(fns, callees, func(i int) bool {
				steps++
				if marked[i] {
					return false
				}
				v := slices.Contains(tc.base, i)
				for _, j := range tc.calls[i] {
					v = v || j >= 0 && marked[j]
				}
				marked[i] = v
				return v
			})
			var got []int
			for i, m := range marked {
				if m {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("marked %v, want %v", got, tc.want)
			}
			if steps > tc.maxSteps {
				t.Errorf("%d steps, want at most %d", steps, tc.maxSteps)
			}
		})
	}
}

// Graph.Fixpoint, the solver keyed by references (calls and function
// values, in nested literals too): every function below reads the fact of
// the functions its row in reads names, and is marked if one of them is.
// The bases come last in fns, so that every mark must travel back to the
// functions that refer to them.
func TestFixpoint(t *testing.T) {
	src := srctest.Src("", `type S struct{}
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
type Runner interface{ Run() }
type impl struct{}
func (impl) Run() { base() }
func viaIface(r Runner) { r.Run() }
`)
	tp := load(t, src)
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
		"Run":          {"base"},
		"viaIface":     {"Run"}, // an interface method's implementation
	}
	order := []string{"callsGen", "callsPut", "chain", "cycleA", "cycleB", "cycleC", "cycleD", "none", "callsBase", "valueOfBase", "litCallsBase", "methodValue", "gen", "run", "put", "viaIface", "Run", "base"}
	byName := map[string]*types.Func{}
	for _, fd := range tp.g.FuncDecls() {
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
	tp.g.Fixpoint(fns, func(i int) bool {
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
	if max := len(fns) + 17; steps > max {
		t.Errorf("%d steps, want at most %d", steps, max)
	}
}

// Inspect from the nodes whose cursors the graph keeps (a function, its
// body, a literal's body, a file) and from any other node walks what
// ast.Inspect walks, literals left out by InspectNoLits.
func TestInspect(t *testing.T) {
	tp := load(t, srctest.Src("", `func F(xs []int) int {
	go func() { _ = xs[0] }()
	for _, x := range xs {
		if x > 0 { return x }
	}
	return 0
}`))
	want := func(n ast.Node, noLits bool) []string {
		var out []string
		ast.Inspect(n, func(m ast.Node) bool {
			if _, ok := m.(*ast.FuncLit); ok && noLits && m != n {
				return false
			}
			if _, ok := m.(*ast.ReturnStmt); ok {
				out = append(out, fmt.Sprint(m.Pos()))
			}
			if _, ok := m.(*ast.IndexExpr); ok {
				out = append(out, fmt.Sprint(m.Pos()))
			}
			return m != nil
		})
		return out
	}
	types := []ast.Node{(*ast.ReturnStmt)(nil), (*ast.IndexExpr)(nil)}
	fd := tp.pass.Files[0].Decls[0].(*ast.FuncDecl)
	var lit *ast.FuncLit
	ast.Inspect(fd, func(n ast.Node) bool {
		if l, ok := n.(*ast.FuncLit); ok {
			lit = l
		}
		return true
	})
	for _, n := range []ast.Node{tp.pass.Files[0], fd, fd.Body, lit.Body, fd.Body.List[1]} {
		var got, gotNoLits []string
		tp.g.Inspect(n, types, func(m ast.Node) bool { got = append(got, fmt.Sprint(m.Pos())); return true })
		tp.g.InspectNoLits(n, types, func(m ast.Node) bool { gotNoLits = append(gotNoLits, fmt.Sprint(m.Pos())); return true })
		if w := want(n, false); !slices.Equal(got, w) {
			t.Errorf("Inspect(%T) = %v, want %v", n, got, w)
		}
		if w := want(n, true); !slices.Equal(gotNoLits, w) {
			t.Errorf("InspectNoLits(%T) = %v, want %v", n, gotNoLits, w)
		}
	}
	if _, ok := tp.g.cursor(fd.Body); !ok {
		t.Errorf("no kept cursor for a function's body")
	}
}
