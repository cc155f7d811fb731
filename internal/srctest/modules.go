package srctest

import (
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// RealPackages loads the real packages of paths, as the module cache
// holds them, from whichever module of the repository's testdata
// requires them (testdata/e2e: gin; testdata/frameworks: echo, fiber,
// hertz, fasthttp; testdata/ctxcancel-deps: the loggers, ...; make deps
// downloads them), with GOPROXY=off: the API tables are checked against
// them. The standard library always loads. A path no testdata module
// provides is missing from the result (and logged), except one of need:
// that fails the test, so that a table's check cannot pass by finding
// nothing. Without the go command the test is skipped.
func RealPackages(t testing.TB, paths []string, need ...string) map[string]*types.Package {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root := filepath.Dir(filepath.Dir(stubRoot())) // testdata
	if stubRoot() == "" {
		t.Skip("no testdata directory")
	}
	mods, _ := filepath.Glob(filepath.Join(root, "*", "go.mod"))
	sort.Strings(mods)
	found := map[string]*types.Package{}
	want := map[string]bool{}
	for _, p := range append(paths, need...) {
		want[p] = true
	}
	for _, mod := range mods {
		var missing []string
		for p := range want {
			if found[p] == nil {
				missing = append(missing, p)
			}
		}
		if len(missing) == 0 {
			break
		}
		sort.Strings(missing)
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedTypes,
			Dir:  filepath.Dir(mod),
			Env:  append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly", "GOWORK=off", "GOTOOLCHAIN=local"),
		}
		pkgs, err := packages.Load(cfg, missing...)
		if err != nil {
			t.Logf("%s: %v", filepath.Dir(mod), err)
			continue
		}
		for _, p := range pkgs {
			if len(p.Errors) == 0 && p.Types != nil && want[p.PkgPath] && p.Types.Scope().Len() > 0 {
				found[p.PkgPath] = p.Types
			}
		}
	}
	var absent []string
	for p := range want {
		if found[p] == nil {
			absent = append(absent, p)
		}
	}
	for _, p := range need {
		if found[p] == nil {
			t.Errorf("%s: not loaded from the testdata modules (run make deps)", p)
		}
	}
	if len(absent) > 0 {
		sort.Strings(absent)
		t.Logf("not in any testdata module (not checked): %s", strings.Join(absent, ", "))
	}
	return found
}
