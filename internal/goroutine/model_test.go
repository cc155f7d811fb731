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
	fset := token.NewFileSet()
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
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", nil)}
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
	tp.model = NewModel(tp.pass, inspector.New(tp.pass.Files), cfg)
	return tp
}
