package rule_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/singlechecker"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// boom is a rule with a bug: it panics on the second function of a
// package, after saying (with At) that it is working on it.
var boom = &rule.Rule{
	Name:    "boom",
	Title:   "a rule that panics",
	Doc:     "boom panics, for the tests.",
	Default: true,
	Run: func(p *rule.Pass) error {
		n := 0
		for cur := range p.Inspector().Root().Preorder((*ast.FuncDecl)(nil)) {
			p.At(cur.Node())
			if n++; n == 2 {
				var m map[string]int
				m["x"]++ // a nil-map write: a real runtime panic, not a panic(string)
			}
		}
		return nil
	},
}

// quiet is a well-behaved rule that runs after boom in the same analyzer:
// it reports every function, and those findings must survive boom's panic.
var quiet = &rule.Rule{Name: "quiet", Title: "reports every function", Doc: "quiet reports every function.", Default: true, Run: func(p *rule.Pass) error {
	for cur := range p.Inspector().Root().Preorder((*ast.FuncDecl)(nil)) {
		p.Reportf(cur.Node().(*ast.FuncDecl).Name, "function %s", cur.Node().(*ast.FuncDecl).Name.Name)
	}
	return nil
}}

const boomSrc = `package p

func first() {}

func second() {}
`

// TestMain lets the test binary act as a singlechecker with boom, so that
// the test can check what a user of the command would see.
func TestMain(m *testing.M) {
	if os.Getenv("RULE_TEST_BOOM_MAIN") == "1" {
		singlechecker.Main(rule.NewAnalyzer("boomlint", "a linter with a buggy rule", boom, quiet))
		return
	}
	os.Exit(m.Run())
}

func writeModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod": "module example.com/p\n\ngo 1.25\n",
		"p.go":   boomSrc,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPanicBecomesFinding: a panic in a rule is a finding of that rule,
// at the position it was working on, naming the panic and where in our
// code it happened; the other rules' findings and the analysis itself
// are unaffected (issue 25: an error would make every driver drop all
// findings of the package).
func TestPanicBecomesFinding(t *testing.T) {
	dir := writeModule(t)
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")}, "./...")
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("load: %v (%d packages)", err, len(pkgs))
	}
	a := rule.NewAnalyzer("boomlint", "a linter with a buggy rule", boom, quiet)
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, act := range graph.Roots {
		if act.Analyzer != a {
			continue
		}
		if act.Err != nil {
			t.Fatalf("the analysis failed: %v", act.Err)
		}
		for _, d := range act.Diagnostics {
			got = append(got, fmt.Sprintf("%s %s %s", act.Package.Fset.Position(d.Pos), d.Category, d.Message))
		}
	}
	want := []string{
		"p.go:3:6 quiet quiet: function first",
		"p.go:5:1 boom boom: internal error in rule boom: assignment to entry in nil map at rule_test.init.func1-range1 (panic_test.go:",
		"p.go:5:6 quiet quiet: function second",
	}
	slices.Sort(got)
	if len(got) != len(want) {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(strings.TrimPrefix(got[i], dir+string(filepath.Separator)), want[i]) {
			t.Errorf("finding %d:\n%s\nwant a prefix:\n%s", i, got[i], want[i])
		}
	}
}

// TestPanicInSinglechecker: the same through the command, as a user runs
// it: the failure is printed as a finding of the rule beside the other
// rule's findings, exit status 3 (findings), not a crash (exit status 2
// and a runtime "panic:" header).
func TestPanicInSinglechecker(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the driver as a subprocess")
	}
	dir := writeModule(t)
	cmd := exec.Command(os.Args[0], "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RULE_TEST_BOOM_MAIN=1", "GOFLAGS=-mod=mod", "GOPROXY=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("want exit status 3, got %v\n%s", err, firstLines(stderr.String(), 20))
	}
	out := stderr.String()
	if strings.HasPrefix(out, "panic:") || strings.Contains(out, "\npanic:") {
		t.Fatalf("the driver crashed:\n%s", firstLines(out, 20))
	}
	for _, want := range []string{"p.go:5:1: boom: internal error in rule boom", "p.go:3:6: quiet: function first", "p.go:5:6: quiet: function second"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr does not mention %q:\n%s", want, firstLines(out, 5))
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
