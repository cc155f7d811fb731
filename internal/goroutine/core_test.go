package goroutine

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/apis"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// The shared core answered directly, one row per shape: where goroutines
// start, whether they are joined, and which returns a path can reach.

// launchDesc describes a launch for the tables: "go statement" or the
// launcher, then what it runs, and the wrapper's answer if any.
func launchDesc(l *Launch) string {
	s := l.Describe()
	switch {
	case l.Lit != nil:
		s += " lit"
	case l.Callee != nil:
		s += " " + l.Callee.Name()
	}
	if l.Run != nil {
		if l.Run.Joined {
			s += " joined"
		}
		if l.Run.Recovered {
			s += " recovered"
		}
	}
	return s
}

func TestLaunches(t *testing.T) {
	pool := &Launcher{Func: apis.F("p", "Pool", "Submit"), Wait: "Wait"}
	for _, tc := range []struct {
		name, imports, src string
		want               []string
	}{
		{"go statement", "", `func F() { go g(); go func() {}() }; func g() {}`,
			[]string{"go statement g", "go statement lit"}},
		{"closure in a variable", "", `func F() { f := func() {}; go f() }`,
			[]string{"go statement lit"}},
		{"std launchers", "sync time", `func F() { var wg sync.WaitGroup; wg.Go(func() {}); time.AfterFunc(0, g); wg.Wait() }; func g() {}`,
			[]string{"(*sync.WaitGroup).Go lit", "time.AfterFunc g"}},
		{"configured launcher", "", `type Pool struct{}; func (*Pool) Submit(f func()) {}; func F(p *Pool) { p.Submit(func() {}) }`,
			[]string{"(*p.Pool).Submit lit"}},
		{"a call that runs f synchronously is no launch", "", `func run(f func()) { f() }; func F() { run(func() {}) }`,
			nil},
		{"wrapper", "", `func spawn(f func()) { go f() }; func F() { spawn(func() {}) }`,
			[]string{"go statement", "p.spawn lit"}},
		{"wrapper of a wrapper, declared first", "", `func F() { outer(g) }; func outer(f func()) { spawn(f) }; func spawn(f func()) { go f() }; func g() {}`,
			[]string{"p.outer g", "p.spawn", "go statement"}},
		{"recovering wrapper", "", `func safe(f func()) { go func() { defer func() { recover() }(); f() }() }; func F() { safe(func() {}) }`,
			[]string{"go statement lit", "p.safe lit recovered"}},
		{"recovering through a helper", "", `func rec() { recover() }; func safe(f func()) { go func() { defer rec(); f() }() }; func F() { safe(func() {}) }`,
			[]string{"go statement lit", "p.safe lit recovered"}},
		{"wrapper that waits", "sync", `func all(f func()) { var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done(); f() }(); wg.Wait() }; func F() { all(func() {}) }`,
			[]string{"go statement lit", "p.all lit joined"}},
		{"variadic wrapper", "", `func each(fs ...func()) { for i := range fs { go fs[i]() } }; func F() { each(func() {}, g) }; func g() {}`,
			[]string{"go statement"}}, // fs[i] is no parameter: each is not a wrapper of it
		{"variadic wrapper with a literal", "", `func each(fs ...func()) { go func() { for _, f := range fs { f() }; fs[0]() }() }; func F() { each(func() {}, g) }; func g() {}`,
			[]string{"go statement lit", "p.each lit", "p.each g"}},
		{"recursive wrapper", "", `func loop(n int, f func()) { if n > 0 { loop(n-1, f); return }; go f() }; func F() { loop(3, g) }; func g() {}`,
			[]string{"p.loop", "go statement", "p.loop g"}}, // the recursive call runs f too
		{"method wrapper", "", `type S struct{}; func (s *S) Async(f func()) { go f() }; func F(s *S) { s.Async(g) }; func g() {}`,
			[]string{"go statement", "(*p.S).Async g"}},
		{"a factory's closure starts it, not the factory", "", `func factory(f func()) func() { return func() { go f() } }; func F() { factory(g)() }; func g() {}`,
			[]string{"go statement"}},
		{"wrapper of a configured launcher", "", `type Pool struct{}; func (*Pool) Submit(f func()) {}; func async(p *Pool, f func()) { p.Submit(f) }; func F(p *Pool) { async(p, g) }; func g() {}`,
			[]string{"(*p.Pool).Submit", "p.async g"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := load(t, srctest.Src(tc.imports, tc.src), Config{Launchers: []*Launcher{pool}})
			var got []string
			for _, l := range tp.model.Launches() {
				got = append(got, launchDesc(l))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("launches = %q, want %q", got, tc.want)
			}
		})
	}
}

// Stubs of versioned dependencies, with the signatures of the versions
// the tables were checked against: they have no facts, so what the model
// knows of them comes from the tables.
var depStubs = map[string]string{
	"github.com/zeromicro/go-zero/core/rescue": `package rescue
import "context"
func Recover(cleanups ...func()) { recover() }
func RecoverCtx(ctx context.Context, cleanups ...func()) { recover() }`,
	"github.com/zeromicro/go-zero/core/threading": `package threading
import "context"
func GoSafe(fn func()) { go fn() }
func GoSafeCtx(ctx context.Context, fn func()) { go fn() }
func RunSafe(fn func()) { fn() }
type RoutineGroup struct{}
func NewRoutineGroup() *RoutineGroup { return nil }
func (g *RoutineGroup) Run(fn func()) {}
func (g *RoutineGroup) RunSafe(fn func()) {}
func (g *RoutineGroup) Wait() {}
type TaskRunner struct{}
func (rp *TaskRunner) Schedule(task func()) {}
func (rp *TaskRunner) ScheduleImmediately(task func()) error { return nil }
func (rp *TaskRunner) Wait() {}`,
	"github.com/bytedance/gopkg/util/gopool": `package gopool
import "context"
type Pool interface { Go(f func()); CtxGo(ctx context.Context, f func()) }
func NewPool() Pool { return nil }
func Go(f func()) {}
func CtxGo(ctx context.Context, f func()) {}`,
	"example.com/kit": `package kit
func RecoverPanic() { recover() }
func Guard() { recover() }
func Spawn(f func()) { go f() }`,
}

// The launcher table's entries for dependencies' wrappers: recognised,
// with what they say about recovery and joins.
func TestDependencyLaunchers(t *testing.T) {
	const (
		imports = "context github.com/zeromicro/go-zero/core/threading github.com/bytedance/gopkg/util/gopool example.com/kit"
		uses    = "\nfunc g() {}\nvar _ = []any{context.TODO, threading.NewRoutineGroup, gopool.NewPool, kit.Guard}"
	)
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"go-zero GoSafe", `func F(ctx context.Context) { threading.GoSafe(g); threading.GoSafeCtx(ctx, g) }`,
			[]string{"threading.GoSafe recovers", "threading.GoSafeCtx recovers"}},
		{"RunSafe runs fn on the caller's goroutine", `func F() { threading.RunSafe(g) }`,
			nil},
		{"go-zero RoutineGroup", `func F() { r := threading.NewRoutineGroup(); r.Run(g); r.RunSafe(g); r.Wait() }`,
			[]string{"(*threading.RoutineGroup).Run joined", "(*threading.RoutineGroup).RunSafe joined recovers"}},
		{"go-zero TaskRunner", `func F(r *threading.TaskRunner) { r.Schedule(g); _ = r.ScheduleImmediately(g) }`,
			[]string{"(*threading.TaskRunner).Schedule recovers", "(*threading.TaskRunner).ScheduleImmediately recovers"}},
		{"gopool", `func F(ctx context.Context) { gopool.Go(g); gopool.CtxGo(ctx, g); p := gopool.NewPool(); p.Go(g); p.CtxGo(ctx, g) }`,
			[]string{"gopool.Go recovers", "gopool.CtxGo recovers", "(gopool.Pool).Go recovers", "(gopool.Pool).CtxGo recovers"}},
		{"a dependency's wrapper in no table is a plain call", `func F() { kit.Spawn(g) }`,
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := loadWith(t, depStubs, srctest.Src(imports, tc.src+uses), Config{})
			var got []string
			for _, l := range tp.model.Launches() {
				s := l.Describe()
				if tp.model.Joined(l) {
					s += " joined"
				}
				if l.Launcher.Recovers {
					s += " recovers"
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("launches = %q, want %q", got, tc.want)
			}
		})
	}
}

// Which deferred functions stop a panic: the user's by their facts, a
// dependency's by the table; a dependency's package-level function outside
// it may (MayRecover only), whatever its name.
func TestRecovers(t *testing.T) {
	src := srctest.Src("github.com/zeromicro/go-zero/core/rescue example.com/kit strings", `
func recoverLocal() { recover() }
func recoverNothing() {}
var _ = []any{rescue.Recover, rescue.RecoverCtx, kit.RecoverPanic, kit.Guard, strings.Cut, recoverLocal, recoverNothing}`)
	tp := loadWith(t, depStubs, src, Config{})
	for _, tc := range []struct {
		pkg, name    string
		certain, may bool
	}{
		{"github.com/zeromicro/go-zero/core/rescue", "Recover", true, true},
		{"github.com/zeromicro/go-zero/core/rescue", "RecoverCtx", true, true},
		{"example.com/kit", "RecoverPanic", false, true}, // not seen: unknown
		{"example.com/kit", "Guard", false, true},        // the same, whatever the name
		{"strings", "Cut", false, false},
		{"p", "recoverLocal", true, true},     // its fact
		{"p", "recoverNothing", false, false}, // the user's code is judged by its body, not its name
	} {
		var fn *types.Func
		for _, pkg := range append(tp.pass.Pkg.Imports(), tp.pass.Pkg) {
			if pkg.Path() == tc.pkg {
				fn, _ = pkg.Scope().Lookup(tc.name).(*types.Func)
			}
		}
		if fn == nil {
			t.Fatalf("%s.%s not found", tc.pkg, tc.name)
		}
		if got := tp.model.Recovers(fn); got != tc.certain {
			t.Errorf("Recovers(%s.%s) = %v, want %v", tc.pkg, tc.name, got, tc.certain)
		}
		if got := tp.model.MayRecover(fn); got != tc.may {
			t.Errorf("MayRecover(%s.%s) = %v, want %v", tc.pkg, tc.name, got, tc.may)
		}
	}
}

func TestJoined(t *testing.T) {
	for _, tc := range []struct {
		name, imports, body string
		want                bool
	}{
		{"not waited", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }()`, false},
		{"wg.Wait after", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); wg.Wait()`, true},
		{"wg.Wait on one branch", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); if x { return }; wg.Wait()`, false},
		{"deferred wg.Wait before", "sync", `var wg sync.WaitGroup; defer wg.Wait(); wg.Add(1); go func() { defer wg.Done() }()`, true},
		{"deferred wg.Wait after, on every path", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); defer wg.Wait()`, true},
		{"a deferred literal that waits, before", "sync", `var wg sync.WaitGroup; defer func() { wg.Wait() }(); wg.Add(1); go func() { defer wg.Done() }()`, true},
		{"a deferred literal that waits, after", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); defer func() { send(nil); wg.Wait() }()`, true},
		{"a deferred literal that waits, after a return", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); if x { return }; defer func() { wg.Wait() }()`, false},
		{"a deferred literal that waits on another goroutine", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); defer func() { go wg.Wait() }()`, false},
		{"a deferred literal that does not wait", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); defer func() { send(nil) }()`, false},
		{"wg.Wait on another goroutine", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); go wg.Wait()`, false},
		{"WaitGroup.Go and Wait", "sync", `var wg sync.WaitGroup; wg.Go(func() {}); wg.Wait()`, true},
		{"receive the goroutine sends on", "", `ch := make(chan int); go func() { ch <- 1 }(); <-ch`, true},
		{"receive in one case of a select", "", `ch := make(chan int); go func() { ch <- 1 }(); select { case <-ch: case <-done: }`, false},
		{"range over the channel it closes", "", `ch := make(chan int); go func() { defer close(ch) }(); for range ch {}`, true},
		{"channel handed as an argument", "", `ch := make(chan int); go send(ch); <-ch`, true},
		{"receive, then the goroutine goes on", "", `ch := make(chan int); go func() { ch <- 1; send(nil) }(); <-ch`, false},
		{"receive, then an endless loop", "", `ch := make(chan int); go func() { ch <- 1; for {} }(); <-ch`, false},
		{"deferred close after the work", "", `ch := make(chan int); go func() { defer close(ch); send(nil) }(); <-ch`, true},
		{"range over sends then a close", "", `ch := make(chan int); go func() { defer close(ch); for i := range 3 { ch <- i } }(); for range ch {}`, true},
		{"range left by a break", "", `ch := make(chan int); go func() { defer close(ch); for i := range 3 { ch <- i } }(); for range ch { break }`, false},
		{"a recovering defer does no work", "", `ch := make(chan int); go func() { defer func() { if r := recover(); r != nil { println(r) } }(); ch <- 1 }(); <-ch`, true},
		{"a deferred call runs after the send", "", `ch := make(chan int); go func() { defer send(nil); ch <- 1 }(); <-ch`, false},
		{"one receive, a launch per iteration", "", `ch := make(chan int); for range 3 { go func() { ch <- 1 }() }; <-ch`, false},
		{"a channel per iteration", "", `for range 3 { ch := make(chan int); go func() { ch <- 1 }(); <-ch }`, true},
		{"a panic path does not count", "sync", `var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done() }(); if x { panic(0) }; wg.Wait()`, true},
		{"a failed test's path does not count", "testing", `var tt *testing.T; ch := make(chan int); go func() { ch <- 1 }(); if x { tt.Error("x"); return }; <-ch`, true},
		{"a logger's Fatal path does not count", "log", `var lg *log.Logger; ch := make(chan int); go func() { ch <- 1 }(); select { case <-ch: case <-done: lg.Fatalf("x") }`, true},
		{"a logger's Print path counts", "log", `var lg *log.Logger; ch := make(chan int); go func() { ch <- 1 }(); select { case <-ch: case <-done: lg.Printf("x") }`, false},
		{"a logged path counts", "testing", `var tt *testing.T; ch := make(chan int); go func() { ch <- 1 }(); if x { tt.Log("x"); return }; <-ch`, false},
		{"a wrapper that waits", "sync", `all(func() {})`, true},
		{"a wrapper that does not", "", `spawn(func() {})`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := srctest.Src(tc.imports, `var x bool
var done chan int
func send(ch chan int) { ch <- 1 }
func spawn(f func()) { go f() }
func all(f func()) { var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done(); f() }(); wg.Wait() }
func F() {
	`+tc.body+`
}
`)
			if !strings.Contains(tc.imports, "sync") {
				src = strings.Replace(src, "func all(f func()) { var wg sync.WaitGroup; wg.Add(1); go func() { defer wg.Done(); f() }(); wg.Wait() }\n", "", 1)
			}
			tp := load(t, src, Config{})
			var first *Launch
			for _, l := range tp.model.Launches() {
				if d, ok := l.Encl.(*ast.FuncDecl); ok && d.Name.Name == "F" {
					first = l
					break
				}
			}
			if first == nil {
				t.Fatal("no launch in F")
			}
			if got := tp.model.Joined(first); got != tc.want {
				t.Errorf("Joined(%s) = %v, want %v", launchDesc(first), got, tc.want)
			}
		})
	}
}

func TestReturnAvoiding(t *testing.T) {
	// In each body, /*from*/ marks the statement the path starts after,
	// /*through*/ the statements it must avoid, and /*ret*/ the return
	// the search should find ("" when none, "end" for falling off the
	// body).
	for _, tc := range []struct {
		name, body, want string
	}{
		{"straight line through", `g() /*from*/
	g() /*through*/
	return`, ""},
		{"early return", `g() /*from*/
	if x {
		return /*ret*/
	}
	g() /*through*/`, "ret"},
		{"falls off the end", `g() /*from*/
	if x {
		g() /*through*/
	}`, "end"},
		{"panic is no return", `g() /*from*/
	if x {
		panic(0)
	}
	g() /*through*/`, ""},
		{"os.Exit is no return", `g() /*from*/
	if x {
		os.Exit(1)
	}
	g() /*through*/`, ""},
		{"through on both branches", `g() /*from*/
	if x {
		g() /*through*/
	} else {
		g() /*through*/
	}
	return`, ""},
		{"blocking select takes a case", `g() /*from*/
	select {
	case <-ch: /*through*/
	case <-ch:
		return /*ret*/
	}`, "ret"},
		{"a select case's comm counts only on its path", `g() /*from*/
	select {
	case <-ch: /*through*/
	case <-ch: /*through*/
	}
	return`, ""},
		{"a loop entered counts", `g() /*from*/
	for range 3 { /*through*/
		<-ch
	}
	return`, ""},
		{"a range over a ticker never ends", `g() /*from*/
	for range t.C {
	}
	return`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := srctest.Src("os time", `var x bool
var ch chan int
var t *time.Ticker
var _ = os.Exit
func g() {}
func F() {
	`+tc.body+`
}
`)
			tp := load(t, src, Config{})
			fn := tp.model.DeclOf(tp.pass.Pkg.Scope().Lookup("F").(*types.Func))
			from := stmtAt(t, tp, fn.Body, "/*from*/")[0]
			through := stmtAt(t, tp, fn.Body, "/*through*/")
			got := tp.model.ReturnAvoiding(fn, from, through)
			switch tc.want {
			case "":
				if got != nil {
					t.Errorf("found a path to %s at line %d, want none", nodeName(got), tp.pass.Fset.Position(got.Pos()).Line)
				}
			case "end":
				// go/cfg makes the implicit return explicit, at the
				// closing brace.
				if r, ok := got.(*ast.ReturnStmt); !ok || r.Return != fn.Body.Rbrace {
					t.Errorf("got %v, want the implicit return at the closing brace", nodeName(got))
				}
			default:
				want := stmtAt(t, tp, fn.Body, "/*"+tc.want+"*/")[0]
				if got != want {
					t.Errorf("got %v, want the return at line %d", nodeName(got), tp.pass.Fset.Position(want.Pos()).Line)
				}
			}
		})
	}
}

// stmtAt returns the innermost statements (or select cases, or loops)
// on the lines of the comments marker in body.
func stmtAt(t *testing.T, tp *testPkg, body *ast.BlockStmt, marker string) []ast.Node {
	t.Helper()
	lines := map[int]bool{}
	for _, cg := range tp.pass.Files[0].Comments {
		for _, c := range cg.List {
			if c.Text == marker {
				lines[tp.pass.Fset.Position(c.Pos()).Line] = true
			}
		}
	}
	var out []ast.Node
	done := map[int]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		line := tp.pass.Fset.Position(n.Pos()).Line
		if !lines[line] || done[line] {
			return true
		}
		switch n.(type) {
		case *ast.CommClause, *ast.ForStmt, *ast.RangeStmt, *ast.ReturnStmt, *ast.ExprStmt:
			out = append(out, n)
			done[line] = true
		}
		return true
	})
	if len(out) == 0 && marker != "/*through*/" {
		t.Fatalf("no statement marked %s", marker)
	}
	return out
}

func nodeName(n ast.Node) string {
	if n == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", n)
}

// BodyRecovers: which deferred calls stop a panic, and which only look as
// if they did (the misuses gorecover reports), with a rule's configured
// recoverers as extra.
func TestBodyRecovers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       bool
		misuse     string // "direct", "nested", "helper", or "" for none
	}{
		{"a literal that recovers", `defer func() { recover() }()`, true, ""},
		{"a helper that recovers", `defer rec()`, true, ""},
		{"defer recover()", `defer recover()`, false, "direct"},
		{"recover in a nested literal", `defer func() { func() { recover() }() }()`, false, "nested"},
		{"a recovering helper called by the deferred literal", `defer func() { rec() }()`, false, "helper"},
		{"a configured recoverer", `defer configured()`, true, ""},
		{"a configured recoverer called by the deferred literal", `defer func() { configured() }()`, false, "helper"},
		{"a deferred cleanup", `defer cleanup()`, false, ""},
		{"the defer of a nested goroutine", `go func() { defer func() { recover() }() }()`, false, ""},
		{"a misuse, then a recover", `defer recover(); defer rec()`, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := load(t, srctest.Src("", `func rec() { recover() }
func cleanup() {}
func configured() {}
func F() {
	`+tc.body+`
}
`), Config{})
			extra := func(fn *types.Func) bool { return fn.Name() == "configured" }
			got, mis := tp.model.BodyRecovers(srctest.FuncNamed(t, tp.pass.Files[0], "F").Body, extra)
			kind := ""
			switch {
			case mis == nil:
			case mis.Direct:
				kind = "direct"
			case mis.Helper != nil:
				kind = "helper"
			default:
				kind = "nested"
			}
			if got != tc.want || kind != tc.misuse {
				t.Errorf("BodyRecovers = %v, misuse %q; want %v, %q", got, kind, tc.want, tc.misuse)
			}
		})
	}
}
