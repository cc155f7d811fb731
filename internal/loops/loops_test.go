package loops

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// The questions goexit and timeafter ask of loops, answered directly.

// snippet wraps body in func F of package p, with declarations for the
// rows to use, and type-checks it (ill-typed code too: the drivers run the
// rules on it).
func snippet(t *testing.T, body string) *srctest.Package {
	t.Helper()
	src := `package p

import (
	"log"
	"os"
	"runtime"
	"testing"
	"time"
)

var (
	x      bool
	ch     chan int
	xs     []int
	ticker *time.Ticker
	timer  *time.Timer
	d      time.Duration
	logger *log.Logger
	t      *testing.T
	b      *testing.B
	tb     testing.TB
)

type T struct{}

func (T) Fatal(...any) {}

type Tick = time.Ticker

type holder struct{ C chan int }

type embeds struct{ *time.Ticker }

type Ticker struct{ C chan int }

func Exit(int)    {}
func g()          {}
func note() bool  { return true }
func ints(bool) []int { return nil }

var _ = []any{log.Print, os.Exit, runtime.Goexit, time.Tick}

func F() {
	` + body + `
}
`
	p := srctest.Check(t, src, srctest.Options{IllTyped: true})
	if len(p.Errors) > 0 && !strings.Contains(body, "/*ill-typed*/") {
		t.Fatalf("type errors: %v", p.Errors)
	}
	return p
}

// funcF returns the declaration of F.
func funcF(p *srctest.Package) *ast.FuncDecl {
	for _, d := range p.File.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "F" {
			return fd
		}
	}
	return nil
}

// loopsIn returns the for and range statements in F, in source order,
// with their labels.
func loopsIn(p *srctest.Package) []*Loop {
	var out []*Loop
	var labeled *ast.LabeledStmt
	ast.Inspect(funcF(p).Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			labeled = n
		case *ast.ForStmt, *ast.RangeStmt:
			var ls *ast.LabeledStmt
			if labeled != nil && labeled.Stmt == n {
				ls = labeled
			}
			out = append(out, New(p.Info, n.(ast.Stmt), ls))
		}
		return true
	})
	return out
}

// Each row's body is a list of call statements; want says for each
// whether it never returns.
func TestNoReturn(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []bool
	}{
		// panic, of the builtins; not close, print or recover.
		{"builtins", `close(ch); print(); recover(); panic(0)`, []bool{false, false, false, true}},
		{"os and runtime", `os.Exit(1); runtime.Goexit()`, []bool{true, true}},
		{"log functions", `log.Fatal(); log.Fatalf(""); log.Fatalln(); log.Panic(); log.Panicf(""); log.Panicln(); log.Print()`,
			[]bool{true, true, true, true, true, true, false}},
		// testing's methods that end the test's goroutine, on T, B and
		// the TB interface alike; those that only log do not.
		{"testing methods", `t.Fatal(); t.Fatalf(""); t.FailNow(); t.Skip(); t.Skipf(""); t.SkipNow(); b.Fatal(); tb.Fatal(); t.Error(); t.Log()`,
			[]bool{true, true, true, true, true, true, true, true, false, false}},
		// By identity, not by name: the user's Exit and Fatal, a local
		// panic, and os.Exit called through a variable.
		{"the user's functions named so", `Exit(1); T{}.Fatal()`, []bool{false, false}},
		{"shadowed panic", `panic := func(any) {}; panic(0)`, []bool{false}},
		{"function value", `exit := os.Exit; exit(1)`, []bool{false}},
		// A logger's methods, as the knowledge layer's table says
		// (apis.EndsProcess); not its Print.
		{"log.Logger method", `logger.Fatal(); logger.Panic(); logger.Print()`, []bool{true, true, false}},
		// Ill-typed calls answer false without panicking.
		{"undefined", `/*ill-typed*/ undefined(); os.Nope()`, []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := snippet(t, tc.body)
			var got []bool
			for _, s := range funcF(p).Body.List {
				if es, ok := s.(*ast.ExprStmt); ok {
					got = append(got, NoReturn(p.Info, es.X.(*ast.CallExpr)))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("NoReturn = %v, want %v", got, tc.want)
			}
		})
	}
}

// Third-party loggers end a path where the knowledge layer's table says
// they end the process: by the package's identity, not by the name
// alone (the user's own Fatal returns).
func TestNoReturnLoggers(t *testing.T) {
	p := srctest.Check(t, `package p

import "github.com/sirupsen/logrus"

type own struct{}

func (own) Fatalf(string, ...any) {}

func F(l *logrus.Logger) {
	logrus.Fatal()
	l.Fatalf("")
	logrus.Panicf("")
	logrus.Info()
	own{}.Fatalf("")
}
`, srctest.Options{Deps: map[string]string{"github.com/sirupsen/logrus": `package logrus

type Logger struct{}

func (*Logger) Fatalf(string, ...any) {}
func Fatal(...any)                     {}
func Panicf(string, ...any)            {}
func Info(...any)                      {}
`}})
	var got []bool
	for _, s := range funcF(p).Body.List {
		got = append(got, NoReturn(p.Info, s.(*ast.ExprStmt).X.(*ast.CallExpr)))
	}
	if want := []bool{true, true, true, false, false}; !slices.Equal(got, want) {
		t.Errorf("NoReturn = %v, want %v", got, want)
	}
}

// Each row's body holds loops; want says for each, in source order,
// whether it never ends by itself.
func TestEndless(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []bool
	}{
		{"no condition", `for {}`, []bool{true}},
		// Constant conditions, however spelled.
		{"constant true", `for true {}`, []bool{true}},
		{"constant false", `for false {}`, []bool{false}},
		{"named constant", `const forever = true; for forever {}`, []bool{true}},
		{"constant expression", `for !false {}; for 1 < 2 {}; for 2 < 1 {}`, []bool{true, true, false}},
		{"variable condition", `for x {}; for i := 0; i < 3; i++ {}`, []bool{false, false}},
		// Ill-typed constants of another kind (issue 25's "for 0 {}"):
		// not endless, and no panic.
		{"int constant", `/*ill-typed*/ for 0 {}`, []bool{false}},
		{"string constant", `/*ill-typed*/ for "s" {}`, []bool{false}},
		{"nil", `/*ill-typed*/ for nil {}`, []bool{false}},
		{"undefined", `/*ill-typed*/ for undefined {}`, []bool{false}},
		// Ranges: over a ticker's channel or time.Tick, never closed;
		// over anything else, they end.
		{"ticker", `for range ticker.C {}; for range (ticker.C) {}; for range time.NewTicker(d).C {}`, []bool{true, true, true}},
		{"time.Tick", `for range time.Tick(d) {}`, []bool{true}},
		{"alias of Ticker", `var tk *Tick; for range tk.C {}`, []bool{true}},
		{"other ranges", `for range ch {}; for range xs {}; for range 3 {}; var h holder; for range h.C {}`, []bool{false, false, false, false}},
		{"the user's Ticker", `var ut *Ticker; for range ut.C {}`, []bool{false}},
		// Gaps, pinned: a Timer's C, time.After's channel and the C
		// promoted from an embedded Ticker are never closed either.
		{"timer", `for range timer.C {}; for range time.After(d) {}`, []bool{false, false}},
		{"embedded ticker", `var e embeds; for range e.C {}`, []bool{false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := snippet(t, tc.body)
			var got []bool
			for _, l := range loopsIn(p) {
				got = append(got, Endless(p.Info, l.Stmt))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Endless = %v, want %v", got, tc.want)
			}
		})
	}
	// Not a loop.
	p := snippet(t, `if x {}`)
	if Endless(p.Info, funcF(p).Body.List[0]) {
		t.Error("Endless(if) = true")
	}
}

// exitDesc describes what Exits found: the statement or call, and the
// number of breaks that leave only a select or switch.
func exitDesc(p *srctest.Package, n ast.Node, inner []*ast.BranchStmt) string {
	s := "-"
	switch n := n.(type) {
	case *ast.ReturnStmt:
		s = "return"
	case *ast.BranchStmt:
		s = n.Tok.String()
		if n.Label != nil {
			s += " " + n.Label.Name
		}
	case *ast.CallExpr:
		s = "call " + types.ExprString(n.Fun)
	}
	if len(inner) > 0 {
		s += fmt.Sprintf(" +%d inner", len(inner))
	}
	return s
}

// Exits of the loop labeled L, or of the first loop if none is: what
// ends it, and the breaks probably meant to.
func TestExits(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"return", `for { return }`, "return"},
		{"break", `for { if x { break } }`, "break"},
		{"no exit", `for { g() }`, "-"},
		{"call that never returns", `for { os.Exit(1) }`, "call os.Exit"},
		// The classic: a break in a select or switch leaves only it.
		{"break in a select", `for { select { case <-ch: break } }`, "- +1 inner"},
		{"break in a switch", `for { switch { case x: break } }`, "- +1 inner"},
		{"break in a select, and a return", `for { select { case <-ch: break; case <-ch: return } }`, "return"},
		{"labeled break in a select", `L: for { select { case <-ch: break L } }`, "break L"},
		// A nested loop's breaks are its own, and not "meant" for ours.
		{"break of a nested loop", `for { for { break } }`, "-"},
		{"break in a nested loop's select", `for { for { select { case <-ch: break } } }`, "-"},
		{"labeled break from a nested loop", `L: for { for { break L } }`, "break L"},
		// continue: on our own label it goes on; on an outer loop's it
		// leaves ours.
		{"continue own label", `L: for { for { continue L } }`, "-"},
		{"continue outer label", `O: for { L: for { continue O; continue L } }`, "continue O"},
		{"goto out", `for { goto done }
	done:`, "goto done"},
		{"goto inside", `L: for { goto in; in: g(); continue L }`, "-"},
		// A literal's return ends the literal.
		{"return in a literal", `for { go func() { return }() }`, "-"},
		{"broken label", `/*ill-typed*/ for { break nowhere }`, "break nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := snippet(t, tc.body)
			loops := loopsIn(p)
			l := loops[0]
			for _, x := range loops {
				if x.Label != nil && x.Label.Name() == "L" {
					l = x
				}
			}
			exit, inner := l.Exits()
			if got := exitDesc(p, exit, inner); got != tc.want {
				t.Errorf("Exits = %s, want %s", got, tc.want)
			}
		})
	}
}

// Leaves: does every path through a select case's statements leave the
// loop L for good?
func TestLeaves(t *testing.T) {
	for _, tc := range []struct {
		stmts string
		want  bool
	}{
		{`return`, true},
		{`g(); return`, true},
		{`break`, false}, // leaves the select only
		{`break L`, true},
		{`continue`, false},
		{`continue L`, false},
		{`panic(0)`, true},
		{`os.Exit(1)`, true},
		{`t.Fatal()`, true},
		{`g()`, false},
		{`if x { return } else { return }`, true},
		{`if x { return } else if x { break L } else { panic(0) }`, true},
		{`if x { return }`, false},
		{`if x { return } else { g() }`, false},
		{`{ return }`, true},
		{`if x { goto M }; M: return`, true}, // a labeled statement
	} {
		p := snippet(t, "L: for { select { case <-ch: "+tc.stmts+"; case <-ch: continue L } }")
		l := loopsIn(p)[0]
		var cc *ast.CommClause
		ast.Inspect(l.Stmt, func(n ast.Node) bool {
			if c, ok := n.(*ast.CommClause); ok && cc == nil {
				cc = c
			}
			return cc == nil
		})
		if got := l.Leaves(cc.Body); got != tc.want {
			t.Errorf("Leaves(%s) = %v, want %v", tc.stmts, got, tc.want)
		}
	}
}

// Enclosing: the innermost loop whose body holds the call note(), by its
// label or kind, "-" for none.
func TestEnclosing(t *testing.T) {
	for _, tc := range []struct {
		body, want string
	}{
		{`for { note() }`, "for"},
		{`for range xs { note() }`, "range"},
		{`L: for { note(); continue L }`, "L"},
		{`L: for { for range xs { note(); continue L } }`, "range"},
		{`for { if x { select { case <-ch: note() } } }`, "for"},
		// Evaluated outside the iterations: not in the body.
		{`for note() {}`, "-"},
		{`for i := 0; note(); i++ {}`, "-"},
		{`for range ints(note()) {}`, "-"},
		{`L: for range xs { for note() { continue L } }`, "L"}, // the inner loop's condition is in L's body
		// A function literal is a boundary.
		{`for { func() { note() }() }`, "-"},
		{`note()`, "-"},
	} {
		p := snippet(t, tc.body)
		insp := inspector.New([]*ast.File{p.File})
		got := ""
		for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
			if id, ok := cur.Node().(*ast.CallExpr).Fun.(*ast.Ident); !ok || id.Name != "note" {
				continue
			}
			got = "-"
			if l := Enclosing(p.Info, cur); l != nil {
				switch {
				case l.Label != nil:
					got = l.Label.Name()
				case isRange(l.Stmt):
					got = "range"
				default:
					got = "for"
				}
			}
		}
		if got != tc.want {
			t.Errorf("Enclosing(%s) = %s, want %s", tc.body, got, tc.want)
		}
	}
}

func isRange(s ast.Stmt) bool {
	_, ok := s.(*ast.RangeStmt)
	return ok
}
