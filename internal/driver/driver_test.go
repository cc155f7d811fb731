package driver_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
// the same stdout, stderr and exit status.
func same(t *testing.T, dir string, env []string, runs int, args ...string) result {
	t.Helper()
	want := lint(t, "standard", dir, env, args...)
	for i := range runs {
		got := lint(t, "ours", dir, env, args...)
		if got != want {
			t.Errorf("%v, run %d: our driver differs from singlechecker:\nexit %d, want %d\nstdout: %s\nstderr: %s",
				args, i+1, got.code, want.code, firstDiff(want.stdout, got.stdout), firstDiff(want.stderr, got.stderr))
		}
	}
	return want
}

// TestSameAsStandardDriver runs singlechecker and this driver on the
// end-to-end module (real gin, errgroup) and on a generated service, and
// requires byte-identical output and exit status: cold, then answered by
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
		if got := lint(t, "ours", e2e, cache, "-json", "-dep-facts", "./..."); got != r {
			t.Errorf("-dep-facts differs from singlechecker:\nexit %d, want %d\nstdout: %s", got.code, r.code, firstDiff(r.stdout, got.stdout))
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
