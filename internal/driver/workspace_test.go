package driver_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/driver"
)

// On disk, helper.Go calls f; the overlay makes it start a goroutine,
// which makes web's handler use w after it returns: a finding in web.go,
// an importer of the edited file, that the files on disk do not have.
const (
	helperDisk = "package helper\n\nfunc Go(f func()) {\n\tf()\n}\n"
	helperBug  = "package helper\n\nfunc Go(f func()) {\n\tgo f()\n}\n"
	webGo      = `package web

import (
	"net/http"

	"example.com/m/helper"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	helper.Go(func() {
		w.Write(nil)
	})
}
`
)

func overlayModule(t *testing.T) (dir, helper, web string) {
	t.Helper()
	dir = t.TempDir()
	helper, web = filepath.Join(dir, "helper", "helper.go"), filepath.Join(dir, "web", "web.go")
	for name, data := range map[string]string{
		filepath.Join(dir, "go.mod"):             "module example.com/m\n\ngo 1.25\n",
		helper:                                   helperDisk,
		web:                                      webGo,
		filepath.Join(dir, "web", "web_test.go"): "package web\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
		filepath.Join(dir, "caller", "caller.go"): "package caller\n\nimport \"example.com/m/web\"\n\nvar _ = web.Handle\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, helper, web
}

// findingsIn returns the workspace's findings in file (rule and line),
// from every package that compiles it; an analysis error is fatal.
func findingsIn(t *testing.T, w *driver.Workspace, file string) []string {
	t.Helper()
	roots, _ := w.Packages()
	var out []string
	for _, p := range roots {
		byFile, err := w.Findings(p)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		for _, d := range byFile[file] {
			posn := w.Fset().Position(d.Pos)
			out = append(out, d.Category+":"+filepath.Base(posn.Filename)+":"+strconv.Itoa(posn.Line))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestWorkspaceOverlay: the language server's driver analyses unsaved
// contents, at the first load (through the cache, which must key an
// overlaid package and its importers by the overlay's contents) and after
// an edit (in memory, facts flowing to the importers), and says when an
// edit needs a new listing.
func TestWorkspaceOverlay(t *testing.T) {
	dir, helper, web := overlayModule(t)
	cache, err := driver.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOFLAGS=", "GOPROXY=off")
	open := func(overlay map[string][]byte) *driver.Workspace {
		t.Helper()
		w, err := driver.Open(&driver.Config{Dir: dir, Tests: true, Env: env, Overlay: overlay}, analyzer.New(), cache, "./...")
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	bug := map[string][]byte{helper: []byte(helperBug)}
	want := []string{"ctxcopy:web.go:11"}

	w := open(nil)
	if got := findingsIn(t, w, web); len(got) != 0 {
		t.Fatalf("on disk: %v, want none", got)
	}
	// Cold for the overlay, then answered by the cache: the same.
	for i := range 2 {
		if got := findingsIn(t, open(bug), web); !slices.Equal(got, want) {
			t.Errorf("open %d with the overlay: %v, want %v", i+1, got, want)
		}
	}
	if got := findingsIn(t, open(nil), web); len(got) != 0 {
		t.Errorf("on disk again: %v, want none (the overlay's findings served from the cache?)", got)
	}

	// Edits: the importers are analysed again, with the helper's new facts.
	pkgs, err := w.Update(bug, helper)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range pkgs {
		ids = append(ids, p.ID)
	}
	if wantIDs := []string{"example.com/m/helper", "example.com/m/web", "example.com/m/web [example.com/m/web.test]", "example.com/m/caller"}; !sameSet(ids, wantIDs) {
		t.Errorf("analysed again %v, want %v", ids, wantIDs)
	}
	if got := findingsIn(t, w, web); !slices.Equal(got, want) {
		t.Errorf("after the edit: %v, want %v", got, want)
	}
	// The buffer closed: back to the disk.
	if _, err := w.Update(nil, helper); err != nil {
		t.Fatal(err)
	}
	if got := findingsIn(t, w, web); len(got) != 0 {
		t.Errorf("after closing the buffer: %v, want none", got)
	}

	// A buffer that does not type-check: its package is not analysed,
	// nor are those that import it (all of them, here).
	if _, err := w.Update(map[string][]byte{helper: []byte(helperBug + "var x int = \"s\"\n")}, helper); err != nil {
		t.Fatal(err)
	}
	roots, _ := w.Packages()
	for _, p := range roots {
		if _, err := w.Findings(p); err == nil || !p.IllTyped {
			t.Errorf("%s with an ill-typed helper: ill-typed %v, analysis error %v; want both", p.ID, p.IllTyped, err)
		}
	}

	// A new import needs a new listing, and changes nothing.
	var stale *driver.StaleError
	_, err = w.Update(map[string][]byte{helper: []byte("package helper\n\nimport \"fmt\"\n\nfunc Go(f func()) { fmt.Println(); go f() }\n")}, helper)
	if !errors.As(err, &stale) || !strings.Contains(stale.Reason, `new import "fmt"`) {
		t.Errorf("new import: %v, want a StaleError", err)
	}
	if _, err := w.Update(nil, filepath.Join(dir, "web", "new.go")); !errors.As(err, &stale) {
		t.Errorf("new file: %v, want a StaleError", err)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
