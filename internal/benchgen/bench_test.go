package benchgen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/benchgen"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Shape of the benchmark service: few packages, many handlers each, so
// that the per-handler cost dominates the per-package one.
const (
	benchPkgs     = 4
	benchHandlers = 200
)

// loadService generates a service against the gin stubs (GOPATH mode, as
// in the driver tests) and loads it. The generated packages keep their
// imports of each other, so facts flow between them as in a real run;
// imports of gin and the standard library are cut, so that the benchmark
// measures the rules on service code, not on dependencies (make bench
// measures those).
func loadService(b *testing.B) []*packages.Package {
	b.Helper()
	root := b.TempDir()
	dir := filepath.Join(root, "src", filepath.FromSlash(benchgen.Module))
	if err := benchgen.Generate(dir, benchgen.Options{Packages: benchPkgs, Handlers: benchHandlers}); err != nil {
		b.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "go.mod"))
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "..", "testdata", "stubs"))); err != nil {
		b.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GO111MODULE=off", "GOPATH="+root, "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, "./internal/...")
	if err != nil {
		b.Fatal(err)
	}
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			b.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		byPath[p.PkgPath] = p
	}
	for _, p := range pkgs {
		imports := map[string]*packages.Package{}
		for path := range p.Imports {
			if dep := byPath[path]; dep != nil {
				imports[path] = dep
			}
		}
		p.Imports = imports
	}
	return pkgs
}

// inspectOnly is the floor of the per-rule numbers: an analyzer that only
// has the syntax index built, as every rule does.
func inspectOnly() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "floor",
		Doc:      "build the inspector and do nothing",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
}

// BenchmarkRules times each rule alone, and all of them together, over a
// generated service, and reports the cost per handler.
//
//	go test ./internal/benchgen -run '^$' -bench Rules -benchtime 20x
func BenchmarkRules(b *testing.B) {
	pkgs := loadService(b)
	handlers := float64(benchPkgs * benchHandlers)
	cases := []struct {
		name string
		new  func() *analysis.Analyzer
	}{{"floor", inspectOnly}, {"all", analyzer.New}}
	for _, r := range analyzer.Rules() {
		cases = append(cases, struct {
			name string
			new  func() *analysis.Analyzer
		}{r.Name, func() *analysis.Analyzer { return rule.NewAnalyzer(r.Name, r.Doc, r) }})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			a := c.new()
			if cfg := rule.ConfigOf(a); cfg != nil {
				cfg.Enable("all") // rules off by default are measured too
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{Sequential: true})
				if err != nil {
					b.Fatal(err)
				}
				for _, act := range graph.Roots {
					if act.Err != nil && !strings.Contains(act.Err.Error(), "skipped") {
						b.Fatal(act.Err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/handlers, "ns/handler")
		})
	}
}
