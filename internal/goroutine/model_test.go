package goroutine

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// A testPkg is one package type-checked from source in the test, with a
// model over it and the facts it exported: the shared core tested
// directly, without a rule in between.
type testPkg struct {
	pass  *analysis.Pass
	model *Model
	facts map[types.Object][]analysis.Fact
}

// load type-checks src as package p (std imports come from export data)
// and returns its model.
func load(t *testing.T, src string, cfg Config) *testPkg {
	t.Helper()
	return loadWith(t, nil, src, cfg)
}

// loadWith is load with deps, sources of versioned dependencies by
// import path (one file each), type-checked first: p is then the module
// "p", and the dependencies are not the user's code and have no facts,
// as in a driver that reads them from export data.
func loadWith(t *testing.T, deps map[string]string, src string, cfg Config) *testPkg {
	t.Helper()
	fset := token.NewFileSet()
	imp := &srcImporter{fset: fset, srcs: deps, pkgs: map[string]*types.Package{}, std: importer.ForCompiler(fset, "gc", nil)}
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: imp}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	tp := &testPkg{facts: map[types.Object][]analysis.Fact{}}
	tp.pass = &analysis.Pass{
		Fset:              fset,
		Files:             []*ast.File{f},
		Pkg:               pkg,
		TypesInfo:         info,
		TypesSizes:        types.SizesFor("gc", "amd64"),
		Report:            func(analysis.Diagnostic) {},
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			tp.facts[obj] = append(tp.facts[obj], fact)
		},
		ExportPackageFact: func(analysis.Fact) {},
	}
	if deps != nil {
		tp.pass.Module = &analysis.Module{Path: "p"}
	}
	tp.model = NewModel(tp.pass, inspector.New(tp.pass.Files), cfg)
	return tp
}

// srcImporter type-checks the packages it has sources of, and reads the
// others (std) from export data.
type srcImporter struct {
	fset *token.FileSet
	srcs map[string]string
	pkgs map[string]*types.Package
	std  types.Importer
}

func (imp *srcImporter) Import(path string) (*types.Package, error) {
	if pkg := imp.pkgs[path]; pkg != nil {
		return pkg, nil
	}
	src, ok := imp.srcs[path]
	if !ok {
		return imp.std.Import(path)
	}
	f, err := parser.ParseFile(imp.fset, path+"/x.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	pkg, err := (&types.Config{Importer: imp}).Check(path, imp.fset, []*ast.File{f}, nil)
	if err != nil {
		return nil, err
	}
	imp.pkgs[path] = pkg
	return pkg, nil
}
