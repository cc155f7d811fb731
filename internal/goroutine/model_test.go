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
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
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

// fact returns the fact of type T the package exported for its function
// name, or nil.
func fact[T analysis.Fact](tp *testPkg, name string) T {
	var zero T
	obj := tp.pass.Pkg.Scope().Lookup(name)
	for _, f := range tp.facts[obj] {
		if f, ok := f.(T); ok {
			return f
		}
	}
	return zero
}

// find returns the first node of type N in the package whose position is
// on the line holding marker (a comment such as /* here */), or fails.
func find[N ast.Node](t *testing.T, tp *testPkg, marker string) N {
	t.Helper()
	var zero N
	line := lineOf(t, tp, marker)
	var out N
	found := false
	ast.Inspect(tp.pass.Files[0], func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if x, ok := n.(N); ok && tp.pass.Fset.Position(n.Pos()).Line == line {
			out, found = x, true
			return false
		}
		return true
	})
	if !found {
		t.Fatalf("no %T on the line of %q", zero, marker)
	}
	return out
}

// lineOf returns the line of the comment marker.
func lineOf(t *testing.T, tp *testPkg, marker string) int {
	t.Helper()
	for _, cg := range tp.pass.Files[0].Comments {
		for _, c := range cg.List {
			if c.Text == marker {
				return tp.pass.Fset.Position(c.Pos()).Line
			}
		}
	}
	t.Fatalf("no comment %q", marker)
	return 0
}
