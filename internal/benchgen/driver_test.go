package benchgen_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/benchgen"
)

// TestMain lets the test binary act as the ginctxlint command, so that the
// tests below run the real driver (singlechecker) without building it.
func TestMain(m *testing.M) {
	if os.Getenv("BENCHGEN_TEST_MAIN") == "1" {
		singlechecker.Main(analyzer.New())
		return
	}
	os.Exit(m.Run())
}

// gopath writes a generated service into a GOPATH beside the shared gin
// stubs: the driver runs in GOPATH mode, offline and without compiling the
// real gin's dependencies, so these tests stay fast.
func gopath(t *testing.T, n int) (root, pkgDir string) {
	t.Helper()
	root = t.TempDir()
	pkgDir = filepath.Join(root, "src", filepath.FromSlash(benchgen.Module))
	if err := benchgen.Generate(pkgDir, benchgen.Options{Packages: n, Handlers: 10}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(pkgDir, "go.mod"))
	stubs := filepath.Join("..", "..", "testdata", "stubs", "src")
	err := filepath.WalkDir(stubs, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(stubs, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dst := filepath.Join(root, "src", rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root, pkgDir
}

// lint runs the driver on ./... in dir and returns stdout, stderr and the
// exit status.
func lint(t *testing.T, root, dir string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append(args, "./...")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"BENCHGEN_TEST_MAIN=1", "GO111MODULE=off", "GOPATH=" + root, "GOFLAGS="}, env...)...)
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
		t.Fatalf("the driver crashed or a rule failed:\n%s", s)
	}
	return stdout.String(), stderr.String(), code
}

// TestDeterministicJSON: the same tree gives byte-identical -json output
// whatever the parallelism (the driver analyses packages concurrently, and
// rules must not leak map order or scheduling into what they report).
func TestDeterministicJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the driver as a subprocess")
	}
	root, dir := gopath(t, 4)
	want, _, _ := lint(t, root, dir, nil, "-json")
	if !strings.Contains(want, `"ctxcopy"`) {
		t.Fatalf("no ctxcopy finding in the output; the test would prove nothing:\n%s", want)
	}
	for _, run := range []struct {
		name string
		env  []string
		args []string
	}{
		{"GOMAXPROCS=1", []string{"GOMAXPROCS=1"}, []string{"-json"}},
		{"-c=2, GOGC=1", []string{"GOGC=1"}, []string{"-json", "-c=2"}},
	} {
		got, _, _ := lint(t, root, dir, run.env, run.args...)
		if got != want {
			t.Errorf("%s: -json output differs from the first run:\n%s", run.name, firstDiff(want, got))
		}
	}
}

// TestBrokenPackages: packages with type errors and missing imports get a
// clear error from the driver, never a crash, and the other packages are
// still analysed.
func TestBrokenPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the driver as a subprocess")
	}
	root, dir := gopath(t, 3)
	broken := filepath.Join(dir, "internal", "feat002", "broken.go")
	src := `package feat002

import (
	"github.com/gin-gonic/gin"
	"example.com/no/such/module"
)

func Broken(c *gin.Context) {
	go module.Use(c)
	go undefined(c)
	var n int = c
	go func() { _ = n; _ = c.NoSuchMethod() }()
}
`
	if err := os.WriteFile(broken, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := lint(t, root, dir, nil)
	if code != 1 {
		t.Errorf("exit status %d, want 1 (errors)", code)
	}
	for _, want := range []string{"broken.go", "undefined"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not mention %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout+stderr, "feat001") {
		t.Errorf("the well-typed packages were not analysed:\n%s%s", stdout, stderr)
	}
}

func firstDiff(a, b string) string {
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
