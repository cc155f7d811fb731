package fuzz_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

// stdImports are the standard packages fuzzed code may import.
var stdImports = []string{
	"context", "errors", "fmt", "log", "net/http", "os", "os/signal",
	"strconv", "strings", "sync", "sync/atomic", "syscall", "time",
}

// world is what every fuzzed file is type-checked against: the shared
// stubs of gin, errgroup, echo, ... (testdata/stubs) and the standard
// packages above, loaded once per process from source.
type world struct {
	fset  *token.FileSet
	pkgs  map[string]*packages.Package // by path
	deps  map[string]*packages.Package // stubs, cut off from their own imports
	sizes types.Sizes
	dir   string // where the fuzzed file is written, for pass.ReadFile
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
)

func loadWorld(t testing.TB) *world {
	t.Helper()
	worldOnce.Do(func() { theWorld, worldErr = newWorld() })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return theWorld
}

func newWorld() (*world, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	stubs := filepath.Join(wd, "..", "..", "testdata", "stubs")
	var patterns []string
	err = filepath.WalkDir(filepath.Join(stubs, "src"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(filepath.Join(stubs, "src"), filepath.Dir(path))
			patterns = append(patterns, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	cfg := &packages.Config{
		// Syntax for the named packages only, dependencies from export
		// data: loading net/http's dependencies from source would cost
		// every go test run tens of seconds.
		Mode: packages.LoadSyntax,
		Fset: fset,
		Env:  append(os.Environ(), "GO111MODULE=off", "GOPATH="+stubs, "GOFLAGS="),
		Dir:  stubs,
	}
	roots, err := packages.Load(cfg, append(patterns, stdImports...)...)
	if err != nil {
		return nil, err
	}
	w := &world{fset: fset, pkgs: map[string]*packages.Package{}, deps: map[string]*packages.Package{}}
	for _, p := range roots {
		w.pkgs[p.PkgPath] = p
		w.sizes = p.TypesSizes
	}
	for _, p := range roots {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("loading %s: %v", p.PkgPath, p.Errors)
		}
		if slices.Contains(stdImports, p.PkgPath) {
			continue // std: analysed only as far as its facts are imported
		}
		cp := *p
		cp.Imports = nil // one level of facts is enough, and keeps a run fast
		w.deps[p.PkgPath] = &cp
	}
	w.dir, err = os.MkdirTemp("", "ginctxlint-fuzz-")
	return w, err
}

// outcome is what analysing one file gave.
type outcome struct {
	parsed      bool
	typeErrors  int
	diagnostics []analysis.Diagnostic
	err         error // of the analysis (not of parsing or type-checking)
}

// limit is how long one small file may take. Generous: the CPU is shared,
// and a real runaway (an exponential walk, a loop) blows far past it.
const limit = 20 * time.Second

// analyse type-checks src as package example.com/fuzz, tolerating type
// errors, and runs every ginctxlint rule on it through checker.Analyze.
//
// The package is given to the analyzer as well-typed even when it is not:
// stricter than any driver (they skip ill-typed packages unless an
// analyzer sets RunDespiteErrors), so the rules meet nil types, invalid
// types and half-resolved calls here first.
func (w *world) analyse(t testing.TB, src []byte) outcome {
	t.Helper()
	name := filepath.Join(w.dir, "fuzz.go")
	if err := os.WriteFile(name, src, 0o644); err != nil {
		t.Fatal(err)
	}
	// Each input adds a file to the shared FileSet; remove it afterwards,
	// found by its base (f.Pos() is invalid when the package clause did
	// not parse).
	base := w.fset.Base()
	f, err := parser.ParseFile(w.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if tf := w.fset.File(token.Pos(base)); tf != nil && tf.Base() == base {
		defer w.fset.RemoveFile(tf)
	}
	if err != nil || f == nil {
		return outcome{}
	}
	var out outcome
	out.parsed = true
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Instances:    map[*ast.Ident]types.Instance{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	imports := map[string]*packages.Package{}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			p := w.pkgs[path]
			if p == nil {
				return nil, fmt.Errorf("fuzz: package %q is not in the fuzzing world", path)
			}
			if d := w.deps[path]; d != nil {
				imports[path] = d
			}
			return p.Types, nil
		}),
		Error:     func(error) { out.typeErrors++ },
		Sizes:     w.sizes,
		GoVersion: "go1.25",
	}
	tpkg, _ := conf.Check("example.com/fuzz", w.fset, []*ast.File{f}, info)
	pkg := &packages.Package{
		ID: "example.com/fuzz", Name: f.Name.Name, PkgPath: "example.com/fuzz",
		GoFiles: []string{name}, CompiledGoFiles: []string{name},
		Fset: w.fset, Syntax: []*ast.File{f}, Types: tpkg, TypesInfo: info, TypesSizes: w.sizes,
		Imports: imports,
	}
	a := analyzer.New()
	type result struct {
		graph *checker.Graph
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			r.panic = recover()
			done <- r
		}()
		r.graph, r.err = checker.Analyze([]*analysis.Analyzer{a}, []*packages.Package{pkg}, &checker.Options{Sequential: true})
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(limit):
		t.Fatalf("analysis took more than %v on:\n%s", limit, src)
	}
	if r.panic != nil {
		t.Fatalf("the driver panicked (outside any rule): %v\non:\n%s", r.panic, src)
	}
	if r.err != nil {
		t.Fatalf("checker.Analyze: %v", r.err)
	}
	for _, act := range r.graph.Roots {
		if act.Analyzer == a {
			out.diagnostics, out.err = act.Diagnostics, act.Err
		}
	}
	return out
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// check is the property every input must have: no rule panics (runRule
// turns a panic into an "internal error" finding of the rule, which would
// hide it from a test that only watched for crashes), and nothing else
// fails.
func check(t testing.TB, w *world, src []byte) outcome {
	t.Helper()
	out := w.analyse(t, src)
	if out.err != nil {
		t.Fatalf("analysis error: %v\non:\n%s", firstLines(out.err.Error(), 30), src)
	}
	for _, d := range out.diagnostics {
		if strings.Contains(d.Message, ": internal error in ") {
			t.Fatalf("%s\non:\n%s", d.Message, src)
		}
	}
	return out
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
