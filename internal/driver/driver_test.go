package driver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/benchgen"
	"github.com/ginctxlint/ginctxlint/internal/driver"
)

// TestMain lets the test binary act as the ginctxlint command with either
// driver, so that the tests compare the real commands without building
// them.
func TestMain(m *testing.M) {
	switch os.Getenv("DRIVER_TEST_MAIN") {
	case "standard":
		singlechecker.Main(analyzer.New())
		return
	case "ours":
		os.Exit(driver.Main(analyzer.New(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type result struct {
	stdout, stderr string
	code           int
}

func lint(t *testing.T, which, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"DRIVER_TEST_MAIN=" + which, "GOPROXY=off"}, env...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if s := stderr.String(); strings.Contains(s, "panic:") || strings.Contains(s, "internal error") {
		t.Fatalf("%s driver crashed or a rule failed:\n%s", which, s)
	}
	return result{stdout.String(), stderr.String(), code}
}

// same runs both drivers (ours once per cache state given) and requires
// the same findings, errors and exit status. Our driver lists a finding
// once where singlechecker's -json lists it again under each test variant
// of its package, and sorts text output by position where singlechecker
// groups it by package and rule: so the outputs are compared as sets of
// findings (normalize), which must otherwise be identical.
func same(t *testing.T, dir string, env []string, runs int, args ...string) result {
	t.Helper()
	want := lint(t, "standard", dir, env, args...)
	for i := range runs {
		got := lint(t, "ours", dir, env, args...)
		if got.code != want.code || normalize(t, got.stdout) != normalize(t, want.stdout) || normalize(t, got.stderr) != normalize(t, want.stderr) {
			t.Errorf("%v, run %d: our driver differs from singlechecker:\nexit %d, want %d\nstdout: %s\nstderr: %s",
				args, i+1, got.code, want.code, firstDiff(normalize(t, want.stdout), normalize(t, got.stdout)), firstDiff(normalize(t, want.stderr), normalize(t, got.stderr)))
		}
	}
	return want
}

var contextLine = regexp.MustCompile(`^\d+\t`)

// normalize returns the findings and errors of a driver's output, -json
// or text, each once, sorted, one per line: for -json, each diagnostic
// (without the package it is listed under) and each package's error; for
// text, each diagnostic with its related positions and context lines.
func normalize(t *testing.T, out string) string {
	t.Helper()
	var items []string
	if strings.HasPrefix(out, "{") {
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &tree); err != nil {
			t.Fatalf("bad -json output: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var e struct{ Error string }
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					items = append(items, pkg+": "+name+": error: "+e.Error)
					continue
				}
				var list []json.RawMessage
				if err := json.Unmarshal(raw, &list); err != nil {
					t.Fatalf("bad -json output for %s: %v\n%s", pkg, err, raw)
				}
				for _, d := range list {
					items = append(items, name+": "+string(d))
				}
			}
		}
	} else {
		for _, line := range strings.SplitAfter(out, "\n") {
			_, msg, _ := strings.Cut(line, ": ")
			isContext := contextLine.MatchString(line)
			if len(items) > 0 && (isContext || strings.HasPrefix(msg, "\t")) {
				items[len(items)-1] += line
				continue
			}
			if line != "" {
				items = append(items, line)
			}
		}
	}
	slices.Sort(items)
	return strings.Join(slices.Compact(items), "\n")
}

// TestSameAsStandardDriver runs singlechecker and this driver on the
// end-to-end module (real gin, errgroup) and on a generated service, and
// requires the same findings and exit status (see same): cold, then answered by
// the cache, then after one file is edited; on a subset of the packages
// (whose same-module dependencies are still analysed for facts); and with
// a package that does not type-check.
func TestSameAsStandardDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs both drivers as subprocesses")
	}
	cache := []string{driver.CacheEnv + "=" + t.TempDir()}
	e2e, err := filepath.Abs(filepath.Join("..", "..", "testdata", "e2e"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("e2e", func(t *testing.T) {
		r := same(t, e2e, cache, 2, "-json", "./...")
		if !strings.Contains(r.stdout, `"gorecover"`) || !strings.Contains(r.stdout, `"ctxcopy"`) {
			t.Fatalf("no findings; the comparison proves nothing:\n%s", r.stdout)
		}
		// Dependencies from source, as singlechecker loads them: the
		// rules compute nothing for them, so the output is the same.
		if got := lint(t, "ours", e2e, cache, "-json", "-dep-facts", "./..."); got.code != r.code || normalize(t, got.stdout) != normalize(t, r.stdout) {
			t.Errorf("-dep-facts differs from singlechecker:\nexit %d, want %d\nstdout: %s", got.code, r.code, firstDiff(normalize(t, r.stdout), normalize(t, got.stdout)))
		}
		// A subset: ctxcopy's findings through the service package's
		// facts need the service package analysed, unnamed.
		r = same(t, e2e, cache, 1, "-c=1", "./ctxcopy/...")
		if r.code != 3 || !strings.Contains(r.stderr, "ctxcopy:") {
			t.Fatalf("exit %d, no ctxcopy finding in the subset:\n%s", r.code, r.stderr)
		}
	})
	t.Run("generated", func(t *testing.T) {
		dir := t.TempDir()
		if err := benchgen.Generate(dir, benchgen.Options{Packages: 6, Handlers: 6}); err != nil {
			t.Fatal(err)
		}
		// The end-to-end module requires the same gin: its go.sum lets
		// the go command complete go.mod offline (-mod=mod).
		sum, err := os.ReadFile(filepath.Join(e2e, "go.sum"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
			t.Fatal(err)
		}
		cache := append(cache, "GOFLAGS=-mod=mod")
		same(t, dir, cache, 2, "-json", "./...")
		// One file edited, deep in the tree: it and its importers are
		// analysed again, the rest answered by the cache.
		f := filepath.Join(dir, "internal", "feat005", "extra.go")
		src := "package feat005\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc Extra(c *gin.Context) { go func() { _ = c.Query(\"q\") }() }\n"
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		r := same(t, dir, cache, 2, "./...")
		if !strings.Contains(r.stderr, "extra.go") {
			t.Fatalf("no finding in the edited file:\n%s", r.stderr)
		}
		// A type error: the package is skipped with the error, its
		// importers fail their prerequisites, the others are analysed.
		if err := os.WriteFile(f, []byte(src+"\nvar broken int = \"s\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r = same(t, dir, cache, 1, "./...")
		if r.code != 1 || !strings.Contains(r.stderr, "extra.go") {
			t.Fatalf("exit %d, want 1 with the type error:\n%s", r.code, r.stderr)
		}
	})
}

func firstDiff(a, b string) string {
	if a == b {
		return "(same)"
	}
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return "(same lines, different bytes)"
}

// outputModule writes a module whose package has a test file (so that it
// is loaded twice: web and web [web.test]) and findings of two rules, the
// later rule's on the earlier line (rules run in registry order: ctxcopy
// before timeafter).
func outputModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/web\n\ngo 1.25\n",
		"web.go": `package web

import (
	"net/http"
	"time"
)

func Poll(msgs chan int) {
	for {
		select {
		case <-msgs:
		case <-time.Tick(time.Second):
			return
		}
	}
}

func Handle(w http.ResponseWriter, r *http.Request) {
	go func() { w.Write(nil) }()
}
`,
		"web_test.go": "package web\n\nimport \"testing\"\n\nfunc TestPoll(t *testing.T) {}\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestJSONOnce: -json lists a finding of a package with tests once, where
// singlechecker lists it under web and again under web [web.test].
func TestJSONOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs both drivers as subprocesses")
	}
	dir := outputModule(t)
	cache := []string{driver.CacheEnv + "=" + t.TempDir()}
	count := func(which string) (n int, pkgs []string) {
		r := lint(t, which, dir, cache, "-json", "./...")
		var tree map[string]map[string][]struct{ Posn string }
		if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
			t.Fatalf("%s -json: %v\n%s", which, err, r.stdout)
		}
		for pkg, byAnalyzer := range tree {
			pkgs = append(pkgs, pkg)
			for _, list := range byAnalyzer {
				for _, d := range list {
					if strings.Contains(d.Posn, "web.go:19:") {
						n++
					}
				}
			}
		}
		slices.Sort(pkgs)
		return n, pkgs
	}
	if n, pkgs := count("standard"); n != 2 {
		t.Fatalf("singlechecker lists the ctxcopy finding %d times (in %v), want 2: the test proves nothing", n, pkgs)
	}
	if n, pkgs := count("ours"); n != 1 || !slices.Equal(pkgs, []string{"example.com/web"}) {
		t.Errorf("our -json lists the ctxcopy finding %d times, in packages %v; want once, under example.com/web", n, pkgs)
	}
}

// TestTextSorted: text output is sorted by file, line and column, as go
// vet and staticcheck print it, not grouped by rule.
func TestTextSorted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the driver as a subprocess")
	}
	dir := outputModule(t)
	r := lint(t, "ours", dir, []string{driver.CacheEnv + "=" + t.TempDir()}, "./...")
	var lines []int
	for _, l := range strings.Split(r.stderr, "\n") {
		if _, rest, ok := strings.Cut(l, "web.go:"); ok && !strings.Contains(rest, ": \t") {
			line, _, _ := strings.Cut(rest, ":")
			n, err := strconv.Atoi(line)
			if err != nil {
				t.Fatalf("bad line %q", l)
			}
			lines = append(lines, n)
		}
	}
	if len(lines) < 2 || !slices.IsSorted(lines) || !strings.Contains(r.stderr, "timeafter:") || !strings.Contains(r.stderr, "ctxcopy:") {
		t.Errorf("exit %d; want the timeafter and ctxcopy findings sorted by line, got lines %v:\n%s", r.code, lines, r.stderr)
	}
}
