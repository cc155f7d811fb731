package analyzer_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

// TestEndToEnd runs every rule, as the command does, over testdata/e2e: a
// module that requires the real github.com/gin-gonic/gin and
// golang.org/x/sync (not stubs), with `// want` expectations in each
// rule's package. `make deps` downloads its modules; analysistest loads it
// with GOPROXY=off.
//
// analysistest checks the facts of the analyzer it runs, and the suite's
// analyzer has none (each rule's analyzer exports its own, see package
// rule): the facts the rules export across the module are checked by
// TestEndToEndFacts.
func TestEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	analysistest.Run(t, "../testdata/e2e", analyzer.New(), "./...")
}

// TestEndToEndFacts runs the suite over testdata/e2e and checks the facts
// every analyzer of it (the model, each rule) exports about the module's
// packages: the service layer that never imports gin, the handlers that
// call it. Each expectation is a file:line, the object's name ("package"
// for a package fact) and a pattern for the fact's String; each fact of
// the rules that export these must be expected, as analysistest does.
func TestEndToEndFacts(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	want := []struct{ at, obj, fact string }{
		{"ctxcancel/handlers.go:1", "package", `ctxcancel analysed`},
		{"ctxcancel/handlers.go:62", "audit", `ctxcancel observes 0 \(o.db.ExecContext at handlers.go:\d+\)`},
		{"service/service.go:1", "package", `has handoffs`},
		{"service/service.go:1", "package", `ctxcancel analysed`},
		{"service/service.go:15", "Send", `ctxcancel observes 0 \(ctx.Err at service.go:16\)`},
		{"service/service.go:30", "Create", `handoff\(ctx: go statement at service.go:31\)`},
		{"service/service.go:30", "Create", `ctxcancel observes 0 \(s.mail.Send at service.go:31\)`},
		{"service/service.go:36", "Get", `ctxcancel observes 0 \(ctx.Err at service.go:37\)`},
		{"service/service.go:51", "Notify", `handoff\(ctx: via \(\*service.UserService\).Create\)`},
		{"service/service.go:51", "Notify", `ctxcancel observes 0 \(s.Create at service.go:52\)`},
	}
	checked := []string{"ctxcopy", "ctxcancel"} // the rules whose facts are listed in full
	dir, err := filepath.Abs("../testdata/e2e")
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   dir,
		Env:   append(os.Environ(), "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-mod=mod"),
		Tests: false,
	}, "./ctxcancel", "./service")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("testdata/e2e does not load")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{analyzer.New()}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string // "file:line obj fact"
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if !slices.Contains(checked, act.Analyzer.Name) || !slices.Contains(pkgs, act.Package) {
			continue
		}
		fset := act.Package.Fset
		rel := func(file string) string {
			r, _ := filepath.Rel(dir, file)
			return filepath.ToSlash(r)
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				file := fset.File(act.Package.Syntax[0].Pos()).Name()
				got = append(got, fmt.Sprintf("%s:1 package %s", rel(file), f.Fact))
			}
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				p := fset.Position(f.Object.Pos())
				got = append(got, fmt.Sprintf("%s:%d %s %s", rel(p.Filename), p.Line, f.Object.Name(), f.Fact))
			}
		}
	}
	matched := make([]bool, len(got))
	for _, w := range want {
		rx := regexp.MustCompile("^" + regexp.QuoteMeta(w.at+" "+w.obj+" ") + ".*" + w.fact)
		found := false
		for i, g := range got {
			if !matched[i] && rx.MatchString(g) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s: no %s fact matching %s", w.at, w.obj, w.fact)
		}
	}
	for i, g := range got {
		if !matched[i] {
			t.Errorf("unexpected fact: %s", g)
		}
	}
	if t.Failed() {
		t.Logf("facts:\n%s", strings.Join(got, "\n"))
	}
}
