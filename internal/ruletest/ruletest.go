// Package ruletest runs analysistest on a rule's testdata together with the
// shared stubs of third-party packages (gin, errgroup, ...) kept once in
// testdata/stubs at the top of the module, instead of a copy per rule.
package ruletest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Dir returns a GOPATH-style directory holding the shared stubs and the
// calling package's testdata/src, merged.
func Dir(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, src := range []string{filepath.Join(root, "testdata", "stubs"), "testdata"} {
		if err := copyTree(src, dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Run is analysistest.Run over Dir.
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return RunDir(t, Dir(t), a, pkgs...)
}

// RunWithSuggestedFixes is analysistest.RunWithSuggestedFixes over Dir.
func RunWithSuggestedFixes(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	return RunDirWithSuggestedFixes(t, Dir(t), a, pkgs...)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// copyTree copies the src subtree of from into to.
func copyTree(from, to string) error {
	return filepath.WalkDir(filepath.Join(from, "src"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}
