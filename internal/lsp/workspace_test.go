package lsp

import (
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/benchgen"
	"github.com/ginctxlint/ginctxlint/internal/driver"
	"os"
)

// TestMain points the analysis cache at a directory of its own: the
// tests (and the servers the Neovim test starts) leave the user's alone.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ginctxlint-lsp-test")
	if err != nil {
		panic(err)
	}
	os.Setenv(driver.CacheEnv, dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// e2eRoot returns testdata/e2e, or skips if its modules are not in the
// module cache (`make deps`): the tests never reach for the network.
func e2eRoot(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("loads gin and its dependencies from source")
	}
	root, err := filepath.Abs("../../testdata/e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	if out, err := exec.Command("go", "list", "-C", root, "-deps", "./...").CombinedOutput(); err != nil {
		t.Skipf("e2e module not available offline (run make deps): %v\n%s", err, out)
	}
	return root
}

// TestWorkspaceMatchesChecker checks the server (internal/driver's
// Workspace, and the conversion to editor terms) against x/tools'
// checker (what singlechecker and go vet run) on the end-to-end module,
// after the first load and again after every file has been re-parsed and
// re-checked the way an edit is: same findings, same fixes, cross-package
// facts included.
func TestWorkspaceMatchesChecker(t *testing.T) {
	root := e2eRoot(t)

	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: root, Tests: true}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{analyzer.New()}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	snap := &snapshot{docs: map[string]*doc{}, disk: map[string][]byte{}}
	// checker's diagnostics in editor terms, converted by the same code
	// as the server's.
	want := graphFindings(t, g, snap)
	if len(want) == 0 {
		t.Fatal("checker found nothing in testdata/e2e")
	}

	w, err := loadWorkspace(root, analyzer.New(), nil, snap)
	if err != nil {
		t.Fatal(err)
	}
	compare := func(when string) {
		got := serverFindings(t, w)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the server's driver and checker disagree\nserver:\n%s\nchecker:\n%s", when, lines(got), lines(want))
		}
	}
	t.Logf("%d findings, %d with fixes", len(want), strings.Count(strings.Join(want, "\n"), "\n\tfix "))
	compare("after the first load")
	if _, err := w.update(slices.Sorted(maps.Keys(w.byFile)), snap); err != nil {
		t.Fatal(err)
	}
	compare("after re-checking every file")
}

// graphFindings returns the findings of a driver's graph (checker's or
// the command's) in editor terms, converted by the same code as the
// server's, sorted.
func graphFindings(t *testing.T, g *checker.Graph, snap *snapshot) []string {
	t.Helper()
	var out []string
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, f := range resolve(act.Package.Fset, act.Diagnostics, snap) {
			out = append(out, describeFinding(f))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// serverFindings returns the server's findings on w, sorted; a root
// package it could not analyse is an error.
func serverFindings(t *testing.T, w *workspace) []string {
	t.Helper()
	var out []string
	for _, p := range w.pkgs {
		if !p.analyzed {
			t.Errorf("%s not analyzed: %v", p.lp.ID, p.err)
		}
		for _, f := range p.findings {
			out = append(out, describeFinding(f))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func describeFinding(f *finding) string {
	s := fmt.Sprintf("%s:%d:%d: %s [%s]", filepath.Base(f.file), f.diag.Range.Start.Line+1, f.diag.Range.Start.Character+1, f.diag.Message, f.diag.Code)
	for _, r := range f.diag.RelatedInformation {
		s += fmt.Sprintf("\n\trelated %d:%d %s", r.Location.Range.Start.Line+1, r.Location.Range.Start.Character+1, r.Message)
	}
	for _, fx := range f.fixes {
		s += fmt.Sprintf("\n\tfix %q: %+v", fx.title, fx.edits)
	}
	return s
}

func lines(ss []string) string {
	return "\t" + strings.Join(ss, "\n\t")
}

// TestWorkspaceMatchesCommand checks the language server against the
// command (internal/driver's Analyze, what `ginctxlint ./...` runs) on
// the end-to-end module and on a generated service: the editor must show
// what CI reports, finding for finding, fixes included — cold, answered
// by the cache, and after every file is re-checked as an edit is (the
// packages the cache answered are then checked from source).
func TestWorkspaceMatchesCommand(t *testing.T) {
	e2e := e2eRoot(t)
	gen := t.TempDir()
	if err := benchgen.Generate(gen, benchgen.Options{Packages: 6, Handlers: 6}); err != nil {
		t.Fatal(err)
	}
	// The end-to-end module requires the same gin: its go.sum lets the
	// go command complete go.mod offline (-mod=mod, set by e2eRoot).
	sum, err := os.ReadFile(filepath.Join(e2e, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gen, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, dir string }{{"e2e", e2e}, {"generated", gen}} {
		t.Run(tc.name, func(t *testing.T) {
			snap := &snapshot{docs: map[string]*doc{}, disk: map[string][]byte{}}
			prog, err := driver.Load(&driver.Config{Dir: tc.dir, Tests: true}, "./...")
			if err != nil {
				t.Fatal(err)
			}
			g, err := prog.Analyze(analyzer.New(), nil)
			if err != nil {
				t.Fatal(err)
			}
			want := graphFindings(t, g, snap)
			if len(want) == 0 {
				t.Fatal("the command found nothing")
			}
			cache, err := driver.OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			compare := func(when string, w *workspace) {
				if got := serverFindings(t, w); !slices.Equal(got, want) {
					t.Errorf("%s: the language server and the command disagree\nserver:\n%s\ncommand:\n%s", when, lines(got), lines(want))
				}
			}
			var w *workspace
			for _, when := range []string{"cold", "from the cache"} {
				if w, err = loadWorkspace(tc.dir, analyzer.New(), cache, snap); err != nil {
					t.Fatal(err)
				}
				compare(when, w)
			}
			if _, err := w.update(slices.Sorted(maps.Keys(w.byFile)), snap); err != nil {
				t.Fatal(err)
			}
			compare("after re-checking every file", w)
			t.Logf("%d findings", len(want))
		})
	}
}
