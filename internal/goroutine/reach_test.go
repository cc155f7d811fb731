package goroutine

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/apis"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// reachAll is a ReachConfig that wants every launch but those of a
// function named quiet, with the name of what the launch runs as its
// reason.
func reachAll(imported func(fn *types.Func) []Site[string]) ReachConfig[string] {
	return ReachConfig[string]{
		Direct: func(fd FuncDecl, l *Launch) (string, bool) {
			if l.Callee != nil && l.Callee.Name() == "quiet" {
				return "", false
			}
			why := "lit"
			if l.Callee != nil {
				why = l.Callee.Name()
			}
			return why, true
		},
		Imported: imported,
	}
}

// siteFuncs names, for the tables, the functions the sites are in.
func siteFuncs(sites []Site[string]) string {
	if len(sites) == 0 {
		return "-"
	}
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = s.Func
	}
	return strings.Join(out, " ")
}

// Reach, one row per shape of call graph: want maps a function of the
// package to the functions whose launches calling it starts ("-" for
// none), in the order Sites gives them.
func TestReach(t *testing.T) {
	const common = `
func work() {}
func quiet() {}
func starter() { go work() }
`
	for _, tc := range []struct {
		name, imports, src string
		want               map[string]string
	}{
		// A function's own launch.
		{"own launch", "", `func F() { go work() }`,
			map[string]string{"F": "p.F", "work": "-", "starter": "p.starter"}},
		// Direct chooses: go quiet() is not wanted.
		{"Direct decides", "", `func F() { go quiet(); go work() }`,
			map[string]string{"F": "p.F"}},
		// A launch in a literal the function calls is its own.
		{"launch in a nested literal", "", `func F() { func() { go work() }() }`,
			map[string]string{"F": "p.F"}},
		// Callers listed before callees get their callees' sites.
		{"chain, callers first", "", `func A() { B() }; func B() { C() }; func C() { go work() }`,
			map[string]string{"A": "p.C", "B": "p.C", "C": "p.C"}},
		// Self-recursion: the fixpoint terminates with the site once.
		{"self recursion", "", `func R(n int) { if n > 0 { R(n-1) }; go work() }`,
			map[string]string{"R": "p.R"}},
		// Mutual recursion: both members and the cycle's caller get the
		// site of the member that launches.
		{"mutual recursion", "", `func Top() { M1(3) }; func M1(n int) { if n > 0 { M2(n - 1) } }; func M2(n int) { M1(n); go work() }`,
			map[string]string{"Top": "p.M2", "M1": "p.M2", "M2": "p.M2"}},
		// Mutual recursion where both launch: each has its own site
		// first, then the other's, once each.
		{"mutual recursion, both launch", "", `func P1() { go work(); P2() }; func P2() { go work(); P1() }`,
			map[string]string{"P1": "p.P1 p.P2", "P2": "p.P2 p.P1"}},
		// A cycle that launches nothing terminates with nothing.
		{"cycle without launches", "", `func Q1() { Q2() }; func Q2() { Q1() }`,
			map[string]string{"Q1": "-", "Q2": "-"}},
		// An interface method call: the implementations' sites.
		{"interface dispatch", "", `type Job interface{ Start() }
			type poller struct{}
			func (*poller) Start() { go work() }
			func Run(j Job) { j.Start() }`,
			map[string]string{"Run": "(*p.poller).Start"}},
		// A generic function's instance: the origin's sites.
		{"generic", "", `func Gen[T any]() { go work() }; func U() { Gen[int]() }`,
			map[string]string{"U": "p.Gen"}},
		// A function passed as a value and called through a parameter
		// is not followed: apply calls a parameter, G only refers to
		// starter (a known limit: calling G does start starter's
		// goroutine).
		{"call through a function-typed parameter", "", `func apply(f func()) { f() }; func G() { apply(starter) }`,
			map[string]string{"apply": "-", "G": "-", "starter": "p.starter"}},
		{"function value called", "", `func G() { f := starter; f() }`,
			map[string]string{"G": "-"}},
		// A wrapper that launches its parameter: the call is a launch
		// of G's own (the wrapper's launch, running work), and the
		// wrapper's go statement comes through the call.
		{"wrapper of a go statement", "", `func spawn(f func()) { go f() }; func G() { spawn(work) }`,
			map[string]string{"spawn": "p.spawn", "G": "p.G p.spawn"}},
		// A handler's launches are reported in it, and its calls run
		// per request: neither is followed.
		{"handler", "net/http", `func H(w http.ResponseWriter, r *http.Request) { go work(); starter() }`,
			map[string]string{"H": "-"}},
		// A setup function: what its handler literal does runs per
		// request; what it calls itself runs when it is called.
		{"handler literal in setup", "net/http", `func Setup(mux *http.ServeMux) {
				mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { go work(); starter() })
			}
			func SetupAndStart(mux *http.ServeMux) {
				starter()
				mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { starter() })
			}`,
			map[string]string{"Setup": "-", "SetupAndStart": "p.starter"}},
		// A closure a factory returns is counted as the factory's
		// launch (unlike the launcher facts, which say calling the
		// factory starts none).
		{"factory's closure", "", `func factory() func() { return func() { go work() } }`,
			map[string]string{"factory": "p.factory"}},
		// At most maxSites sites per function.
		{"bounded", "", `func L0() { go work() }; func L1() { go work() }; func L2() { go work() }
			func L3() { go work() }; func L4() { go work() }; func L5() { go work() }
			func L6() { go work() }; func L7() { go work() }; func L8() { go work() }
			func All() { L0(); L1(); L2(); L3(); L4(); L5(); L6(); L7(); L8() }`,
			map[string]string{"All": "p.L0 p.L1 p.L2 p.L3 p.L4 p.L5 p.L6 p.L7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := load(t, srctest.Src(tc.imports, common+tc.src), Config{})
			r := NewReach(tp.model, reachAll(nil))
			for name, want := range tc.want {
				fn, _ := tp.pass.Pkg.Scope().Lookup(name).(*types.Func)
				if fn == nil {
					obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tp.pass.Pkg.Scope().Lookup("poller").Type()), false, tp.pass.Pkg, name)
					fn = obj.(*types.Func)
				}
				if got := siteFuncs(r.Sites(fn)); got != want {
					t.Errorf("Sites(%s) = %s, want %s", name, got, want)
				}
			}
		})
	}
}

// What a Site says, and what Reach gives back from it: the launch of a
// local site, the functions to export facts for, and other packages'
// sites from the rule's facts, for the user's packages only.
func TestReachSites(t *testing.T) {
	deps := map[string]string{
		"p/sub": `package sub
func Start() {}`,
	}
	src := srctest.Src("p/sub strings", `func work() {}
func Local() {
	go work()
}
func Plain() { strings.ToUpper("") }
func Uses() { sub.Start(); Local() }
`)
	tp := loadWith(t, deps, src, Config{})
	var asked []string
	imported := Site[string]{Key: "p/sub sub.go:1:1", Where: LaunchAt{Launch: "go statement", At: Pos{File: "sub.go", Line: 1}}, Func: "sub.Start"}
	r := NewReach(tp.model, reachAll(func(fn *types.Func) []Site[string] {
		asked = append(asked, FuncName(fn))
		return []Site[string]{imported}
	}))
	fn := func(name string) *types.Func { return tp.pass.Pkg.Scope().Lookup(name).(*types.Func) }

	local := r.Sites(fn("Local"))
	want := Site[string]{Key: "p p.go:8:2", Where: LaunchAt{Launch: "go statement", At: Pos{File: "p.go", Line: 8}}, Func: "p.Local", Why: "work"}
	if len(local) != 1 || local[0] != want {
		t.Fatalf("Sites(Local) = %+v, want [%+v]", local, want)
	}
	if l := r.Launch(local[0]); l == nil || l.Callee == nil || l.Callee.Name() != "work" {
		t.Errorf("Launch(local site) = %v, want go work()", l)
	}
	if l := r.Launch(imported); l != nil {
		t.Errorf("Launch(imported site) = %v, want nil", l)
	}
	// The other package's site comes from the rule's fact; strings is
	// not the user's: its facts are never asked for.
	if got := r.Sites(fn("Uses")); len(got) != 2 || got[0] != imported || got[1] != want {
		t.Errorf("Sites(Uses) = %+v, want the imported site, then Local's", got)
	}
	if slices.Contains(asked, "strings.ToUpper") || !slices.Contains(asked, "sub.Start") {
		t.Errorf("facts asked for %q, want sub.Start and not strings.ToUpper", asked)
	}
	var exported []string
	for _, fd := range r.Exported() {
		exported = append(exported, fd.Obj.Name())
	}
	if !slices.Equal(exported, []string{"Local", "Uses"}) {
		t.Errorf("Exported() = %q, want [Local Uses] in source order", exported)
	}
}

// Sites of an instance of a generic method are its origin's: a caller in
// another package names the instance.
func TestReachGenericInstance(t *testing.T) {
	tp := load(t, srctest.Src("", `func work() {}
type Box[T any] struct{}
func (Box[T]) Run() { go work() }
func U() { Box[int]{}.Run() }
`), Config{})
	r := NewReach(tp.model, reachAll(nil))
	inst, err := types.Instantiate(nil, tp.pass.Pkg.Scope().Lookup("Box").Type(), []types.Type{types.Typ[types.Int]}, true)
	if err != nil {
		t.Fatal(err)
	}
	obj, _, _ := types.LookupFieldOrMethod(inst, false, tp.pass.Pkg, "Run")
	run := obj.(*types.Func)
	if run == run.Origin() {
		t.Fatal("Box[int].Run is its own origin")
	}
	if got := siteFuncs(r.Sites(run)); got != "(p.Box).Run" {
		t.Errorf("Sites(Box[int].Run) = %s, want (p.Box).Run", got)
	}
	if got := siteFuncs(r.Sites(tp.pass.Pkg.Scope().Lookup("U").(*types.Func))); got != "(p.Box).Run" {
		t.Errorf("Sites(U) = %s, want (p.Box).Run", got)
	}
}

// Implementations finds the methods of the package's types that implement
// an interface method — through a value or a pointer receiver, promoted
// from an embedded field, for an embedded interface's method — and, for a
// constraint with a type term, only among types in its type set. It
// answers the same every time it is asked (the answer is kept per
// method; the implementing types per interface), and a caller appending
// to the answer does not change it.
func TestImplementationsShapes(t *testing.T) {
	tp := load(t, `package p

type Runner interface{ Run(); Stop() }

type Base interface{ Close() }
type Closer interface {
	Base
	Flush()
}

type Val struct{}

func (Val) Run()  {}
func (Val) Stop() {}

type Ptr struct{}

func (*Ptr) Run()  {}
func (*Ptr) Stop() {}

type Half struct{}

func (Half) Run() {}

type Embeds struct{ Val }

type File struct{}

func (*File) Close() {}
func (*File) Flush() {}

type Num int

func (Num) Run()  {}
func (Num) Stop() {}

type Numeric interface {
	~int
	Run()
}

type Generic[T any] struct{}

func (Generic[T]) Run()  {}
func (Generic[T]) Stop() {}
`, Config{})
	scope := tp.pass.Pkg.Scope()
	method := func(iface, name string) *types.Func {
		it := scope.Lookup(iface).Type().Underlying().(*types.Interface)
		for i := range it.NumMethods() {
			if m := it.Method(i); m.Name() == name {
				return m
			}
		}
		t.Fatalf("%s has no method %s", iface, name)
		return nil
	}
	names := func(fns []*types.Func) []string {
		var out []string
		for _, fn := range fns {
			out = append(out, types.TypeString(fn.Signature().Recv().Type(), types.RelativeTo(tp.pass.Pkg))+"."+fn.Name())
		}
		return out
	}
	for _, tc := range []struct {
		iface, method string
		want          []string
	}{
		// Embeds's is Val's method, promoted, listed once; Half lacks
		// Stop; the generic type is not a candidate.
		{"Runner", "Run", []string{"Val.Run", "Num.Run", "*Ptr.Run"}},
		{"Runner", "Stop", []string{"Val.Stop", "Num.Stop", "*Ptr.Stop"}},
		{"Closer", "Close", []string{"*File.Close"}},
		{"Closer", "Flush", []string{"*File.Flush"}},
		// Num is in ~int's type set, *Num is not.
		{"Numeric", "Run", []string{"Num.Run"}},
	} {
		for i := range 2 {
			got := tp.model.Implementations(method(tc.iface, tc.method))
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("Implementations(%s.%s), call %d = %v, want %v", tc.iface, tc.method, i+1, names(got), tc.want)
			}
			_ = append(got, nil) // must not write into the kept answer
		}
	}
}

// FromHandlers: the goroutines request handlers start through helpers,
// once each in the order of their first call, with every call that
// starts them; calls outside handlers, and those skip leaves out, are
// not among them, and visit sees every handler call.
func TestFromHandlers(t *testing.T) {
	tp := load(t, srctest.Src("net/http", `func work() {}
func poll() { go work() }
func watch() { go work(); poll() }
func setup() { poll() }
func A(w http.ResponseWriter, r *http.Request) { watch(); poll() }
func B(w http.ResponseWriter, r *http.Request) { poll(); go poll() }
`), Config{})
	r := NewReach(tp.model, reachAll(nil))
	var visited []string
	skip := func(c inspector.Cursor) bool {
		_, ok := c.Parent().Node().(*ast.GoStmt)
		return ok
	}
	got := r.FromHandlers(skip, func(hc HandlerCall) { visited = append(visited, hc.Fn.Name()) })
	var rows []string
	for _, st := range got {
		var calls []string
		for _, hc := range st.Calls {
			calls = append(calls, hc.Fn.Name()+"@"+tp.pass.Fset.Position(hc.Call.Pos()).String()[len("p.go:"):])
		}
		rows = append(rows, st.Site.Func+": "+strings.Join(calls, " "))
	}
	want := []string{
		"p.watch: watch@9:50",
		"p.poll: watch@9:50 poll@9:59 poll@10:50",
	}
	if !slices.Equal(rows, want) {
		t.Errorf("FromHandlers =\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if !slices.Equal(visited, []string{"watch", "poll", "poll"}) {
		t.Errorf("visited %q, want the three handler calls not skipped", visited)
	}
}

// WaitsForAll knows a group's wait by identity: a WaitGroup's Wait, and
// the wait a configured launcher names for its type; a condition
// variable's Wait, or a user type's method called Wait, is not one.
func TestWaitsForAll(t *testing.T) {
	tp := load(t, srctest.Src("sync", `type Pool struct{}
func (*Pool) Submit(f func()) {}
func (*Pool) Drain() {}
type Limiter struct{}
func (*Limiter) Wait() {}
func F(wg *sync.WaitGroup, c *sync.Cond, p *Pool, l *Limiter) {
	wg.Wait()
	c.Wait()
	p.Drain()
	l.Wait()
}
`), Config{Launchers: []*Launcher{{Func: apis.F("p", "Pool", "Submit"), Wait: "Drain"}}})
	var got []bool
	for c := range tp.model.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		got = append(got, tp.model.WaitsForAll(c.Node().(*ast.CallExpr)))
	}
	if want := []bool{true, false, true, false}; !slices.Equal(got, want) {
		t.Errorf("WaitsForAll of wg.Wait, c.Wait, p.Drain, l.Wait = %v, want %v", got, want)
	}
}

// CountedIn: a group's wait waits for the goroutines that signal it
// (wg.Done in the literal, the group handed to the function it runs or
// to a helper), not for one that never mentions it.
func TestCountedIn(t *testing.T) {
	tp := load(t, srctest.Src("sync", `func done(wg *sync.WaitGroup) { wg.Done() }
func work(wg *sync.WaitGroup) { wg.Done() }
func F() {
	var wg sync.WaitGroup
	go func() { defer wg.Done() }()
	go work(&wg)
	go func() { done(&wg) }()
	scan := func() {}
	go scan()
	go func() {
		defer wg.Done()
		var inner sync.WaitGroup
		inner.Add(1)
		go func() { defer inner.Done() }()
		inner.Wait()
	}()
	wg.Wait()
}
`), Config{})
	var wait *ast.CallExpr
	for c := range tp.model.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		if call := c.Node().(*ast.CallExpr); tp.model.WaitsForAll(call) {
			wait = call // the last: wg.Wait()
		}
	}
	var got []bool
	for _, l := range tp.model.Launches() {
		got = append(got, tp.model.CountedIn(l, wait))
		if l.Lit != nil && tp.model.LaunchOf(l.Lit) != l {
			t.Errorf("LaunchOf(the literal of %s) = %v, want its launch", l.Describe(), tp.model.LaunchOf(l.Lit))
		}
	}
	if tp.model.LaunchOf(nil) != nil {
		t.Error("LaunchOf(nil) is a launch")
	}
	// The fifth is counted; the sixth, nested, waited for by the fifth.
	if want := []bool{true, true, true, false, true, true}; !slices.Equal(got, want) {
		t.Errorf("CountedIn of the six launches = %v, want %v", got, want)
	}
}
