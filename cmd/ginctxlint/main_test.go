package main_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/driver"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// The command, built once for every test of this package: each build
// links the whole analyzer, and the tests run it dozens of times.
var command struct {
	path string
	err  error
}

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "ginctxlint-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The runs share one analysis cache (internal/driver), apart from
	// the user's.
	os.Setenv(driver.CacheEnv, filepath.Join(dir, "cache"))
	if !testing.Short() {
		command.path = filepath.Join(dir, "ginctxlint")
		cmd := exec.Command("go", "build", "-o", command.path, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			command.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary returns the path of the command built by TestMain; it skips in
// -short mode.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	if command.err != nil {
		t.Fatal(command.err)
	}
	return command.path
}

// module writes files into a new module directory and returns its path.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mod")
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs the command in dir (offline, see e2etest.Env).
func run(t *testing.T, dir string, args ...string) e2etest.Result {
	t.Helper()
	return e2etest.Run(t, dir, binary(t), args...)
}
