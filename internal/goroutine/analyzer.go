package goroutine

import (
	"fmt"
	"reflect"
	"runtime"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// AnalyzerName is the name of the model's analyzer: it appears in a
// driver's "failed prerequisites" and in its cache.
const AnalyzerName = "goroutines"

// A Result is what the model's analyzer gives the analyzers that Require
// it on one package.
type Result struct {
	// Model is the package's goroutine model; nil for a package that is
	// not the user's code (the standard library, a versioned dependency:
	// nothing there the user could act on, and no facts, issue 12), or
	// when building it failed.
	Model *Model
	// Panic is a panic of the model's own work on the package (exporting
	// its facts), recovered so that the driver goes on; the suite reports
	// it as an internal error. PCs are the panic's stack.
	Panic any
	PCs   []uintptr
}

// NewAnalyzer returns an analyzer that builds the goroutine model of each
// package, and exports its LauncherFacts, with the configuration config
// returns (read once per package; an analyzer instance owns its config,
// so two instances never share settings). config's second result is false
// when the configuration is invalid: the model is then not built, and
// the analyzer that validates the configuration reports why.
//
// Every analyzer of the suite Requires it, as x/tools analyzers require
// inspect: the model is built once per package and shared. It is lazy
// (see NewModel): a rule that returns on its fast path pays nothing.
func NewAnalyzer(config func() (Config, bool)) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       AnalyzerName,
		Doc:        "the goroutine model of a package: launches, joins, scopes, and the user's goroutine wrappers (LauncherFact)",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		ResultType: reflect.TypeFor[*Result](),
		FactTypes:  []analysis.Fact{new(LauncherFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			cfg, ok := config()
			if !ok || !stdlib.UserCode(pass) {
				return &Result{}, nil
			}
			insp, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
			if insp == nil {
				insp = inspector.New(pass.Files)
			}
			return build(pass, insp, cfg), nil
		},
	}
}

// build makes the model and exports its facts — in every package of the
// user's code, whatever rules run: importers need the facts of a helper
// package that no rule looks at.
func build(pass *analysis.Pass, insp *inspector.Inspector, cfg Config) (res *Result) {
	res = &Result{}
	defer func() {
		if x := recover(); x != nil {
			pcs := make([]uintptr, 64)
			n := runtime.Callers(3, pcs)
			res = &Result{Panic: fmt.Sprint(x), PCs: pcs[:n]}
		}
	}()
	m := NewModel(pass, insp, cfg)
	m.ExportLauncherFacts()
	res.Model = m
	return res
}
