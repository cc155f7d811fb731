// Package srctest type-checks a Go source snippet as one package, for the
// tests of the shared core (internal/goroutine, internal/frameworks,
// internal/loops) that ask it questions directly, without a rule or a
// driver in between.
//
// Imports resolve, in order, to the sources the test gives (Options.Deps),
// to the shared stubs of third-party packages in testdata/stubs (gin,
// echo, fiber, hertz, errgroup, ...: the ones analysistest uses), and to
// export data (the standard library).
package srctest

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A Package is one source file type-checked as a package, with every map
// of its types.Info filled.
type Package struct {
	Fset *token.FileSet
	File *ast.File
	Pkg  *types.Package
	Info *types.Info
	// Errors are the type errors, with Options.IllTyped; otherwise a type
	// error fails the test.
	Errors []error
	// deps: the snippet was checked with Options.Deps (see Pass).
	deps bool
}

// Options says where a snippet's imports come from and whether it may be
// ill-typed.
type Options struct {
	// Deps holds sources of dependencies by import path (one file each),
	// type-checked before the snippet: versioned dependencies, or other
	// packages of the module. They win over the shared stubs.
	Deps map[string]string
	// IllTyped checks src as drivers that analyse broken code do (the
	// language server, the fuzz harness): type errors are recorded in
	// Package.Errors and checking goes on.
	IllTyped bool
}

// Check parses src (with comments) and type-checks it; the package's path
// is its name. Parse errors, errors in dependencies, and type errors
// (unless o.IllTyped) fail the test.
func Check(t testing.TB, src string, o Options) *Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	p := &Package{Fset: fset, File: f, Info: NewInfo(), deps: o.Deps != nil}
	conf := types.Config{Importer: &srcImporter{
		fset: fset,
		deps: o.Deps,
		pkgs: map[string]*types.Package{},
		std:  importer.ForCompiler(fset, "gc", nil),
	}}
	if o.IllTyped {
		conf.Error = func(err error) { p.Errors = append(p.Errors, err) }
	}
	p.Pkg, err = conf.Check(f.Name.Name, fset, []*ast.File{f}, p.Info)
	if err != nil && !o.IllTyped {
		t.Fatal(err)
	}
	return p
}

// NewInfo returns a types.Info with every map the rules read.
func NewInfo() *types.Info {
	return &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
}

// srcImporter type-checks the packages it has sources of (the test's, then
// the shared stubs), and reads the others (std) from export data.
type srcImporter struct {
	fset *token.FileSet
	deps map[string]string
	pkgs map[string]*types.Package
	std  types.Importer
}

func (imp *srcImporter) Import(path string) (*types.Package, error) {
	if pkg := imp.pkgs[path]; pkg != nil {
		return pkg, nil
	}
	var files []*ast.File
	if src, ok := imp.deps[path]; ok {
		f, err := parser.ParseFile(imp.fset, path+"/x.go", src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	} else if dir := stubDir(path); dir != "" {
		names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(imp.fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return imp.std.Import(path)
	}
	pkg, err := (&types.Config{Importer: imp}).Check(path, imp.fset, files, nil)
	if err != nil {
		return nil, err
	}
	imp.pkgs[path] = pkg
	return pkg, nil
}

// stubDir returns the directory of the shared stub of path, or "".
func stubDir(path string) string {
	if !strings.Contains(path, ".") { // std paths have no dot
		return ""
	}
	root := stubRoot()
	if root == "" {
		return ""
	}
	dir := filepath.Join(root, filepath.FromSlash(path))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}

// stubRoot returns testdata/stubs/src of the module: next to this file's
// source, or (with -trimpath) above the test's working directory.
func stubRoot() string {
	var starts []string
	if _, self, _, ok := runtime.Caller(0); ok && filepath.IsAbs(self) {
		starts = append(starts, filepath.Dir(self))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for {
			stubs := filepath.Join(dir, "testdata", "stubs", "src")
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				if fi, err := os.Stat(stubs); err == nil && fi.IsDir() {
					return stubs
				}
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return ""
}

// Pass returns an analysis pass over p, as a driver gives an analyzer:
// no facts to import, exported ones handed to export (nil to drop them),
// and diagnostics dropped. Checked with Options.Deps, p is the module "p"
// (Pass.Module), and the dependencies are not the user's code.
func (p *Package) Pass(export func(types.Object, analysis.Fact)) *analysis.Pass {
	if export == nil {
		export = func(types.Object, analysis.Fact) {}
	}
	var module *analysis.Module
	if p.deps {
		module = &analysis.Module{Path: "p"}
	}
	return &analysis.Pass{
		Module:            module,
		Fset:              p.Fset,
		Files:             []*ast.File{p.File},
		Pkg:               p.Pkg,
		TypesInfo:         p.Info,
		TypesSizes:        types.SizesFor("gc", "amd64"),
		Report:            func(analysis.Diagnostic) {},
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportObjectFact:  export,
		ExportPackageFact: func(analysis.Fact) {},
	}
}

// Src is the source of a package p that imports imports (import paths
// separated by spaces), then body: the tables' snippets.
func Src(imports, body string) string {
	var b strings.Builder
	b.WriteString("package p\n\n")
	for _, imp := range strings.Fields(imports) {
		b.WriteString("import " + strconv.Quote(imp) + "\n")
	}
	b.WriteString("\n" + body)
	return b.String()
}

// FuncNamed returns the declaration of the package-level function name
// in f; it fails the test if there is none.
func FuncNamed(t testing.TB, f *ast.File, name string) *ast.FuncDecl {
	t.Helper()
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			return fd
		}
	}
	t.Fatalf("no func %s", name)
	return nil
}
