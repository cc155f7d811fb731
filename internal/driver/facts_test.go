package driver

import (
	"bytes"
	"encoding/gob"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/benchgen"
)

// TestFactSize bounds the facts of the generated 501-package service:
// under go vet and Bazel's nogo they travel through a .vetx file per
// package, and here through the cache, so a change that makes them grow
// with the size of the program (rather than with the functions that have
// something to say) must fail. The service runs in GOPATH mode beside the
// gin stubs, so only its own packages have facts; one handler per package
// (the facts are about its services and workers, not its handlers) keeps
// the test's compilation short.
func TestFactSize(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks and analyses 501 packages")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "src", filepath.FromSlash(benchgen.Module))
	if err := benchgen.Generate(dir, benchgen.Options{Packages: 500, Handlers: 1}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "go.mod"))
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
	env := append(os.Environ(), "GO111MODULE=off", "GOPATH="+root, "GOFLAGS=")
	prog, err := Load(&Config{Dir: dir, Env: env}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer.New()
	g, err := prog.Analyze(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	for act := range g.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
	}
	_, facty := plan(a)
	for _, x := range facty {
		for _, f := range x.FactTypes {
			gob.Register(f)
		}
	}
	var pkgs, withFacts, facts, size, largest int
	for _, n := range prog.nodes {
		if n.act == nil || !n.root {
			continue
		}
		pkgs++
		recs := factRecords(facty, n.act)
		if len(recs) == 0 {
			continue
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(recs); err != nil {
			t.Fatal(err)
		}
		withFacts++
		facts += len(recs)
		size += buf.Len()
		largest = max(largest, buf.Len())
	}
	t.Logf("%d packages (with tests), %d with facts: %d facts, %d bytes of gob in all, %d bytes per package with facts on average, %d at most",
		pkgs, withFacts, facts, size, size/max(withFacts, 1), largest)
	if withFacts < 400 {
		t.Fatalf("only %d packages have facts: the test measures nothing", withFacts)
	}
	// Measured on 2026-12-02: 3,000 facts, 366,000 bytes in all, 732 per
	// package (docs/benchmarks.md); 1,079,000 bytes once the launcher,
	// panic, starts and stops facts joined (each package's gob carries the
	// descriptors of every fact type it holds: a constant per package, not
	// growth with the program). The ceilings leave room for new facts, not
	// for facts that grow with the program.
	const totalCeiling, perPackageCeiling = 2 << 20, 4 << 10
	if size > totalCeiling {
		t.Errorf("facts take %d bytes in all, more than the ceiling of %d", size, totalCeiling)
	}
	if largest > perPackageCeiling {
		t.Errorf("one package's facts take %d bytes, more than the ceiling of %d", largest, perPackageCeiling)
	}
}
