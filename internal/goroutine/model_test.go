package goroutine

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
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
// as in a driver that reads them from export data. Other imports are the
// shared stubs (testdata/stubs) or std: see srctest.
func loadWith(t *testing.T, deps map[string]string, src string, cfg Config) *testPkg {
	t.Helper()
	sp := srctest.Check(t, src, srctest.Options{Deps: deps})
	tp := &testPkg{facts: map[types.Object][]analysis.Fact{}}
	tp.pass = sp.Pass(func(obj types.Object, fact analysis.Fact) {
		tp.facts[obj] = append(tp.facts[obj], fact)
	})
	tp.model = NewModel(tp.pass, inspector.New(tp.pass.Files), cfg)
	return tp
}
