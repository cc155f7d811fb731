package ctxcopy

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// model is ctxcopy's analysis of one package, on top of the goroutine
// model the rules share: which values hold a pooled context (retention),
// and the facts that carry it across functions (RetainsFact, HandoffFact).
type model struct {
	*goroutine.Model
	pass      *analysis.Pass
	table     *frameworks.Table
	retainers []apis.Func // apis.Retainers and -ctxcopy.retainers

	retentions   map[ast.Node]*retention
	handoffs     map[*types.Func]*HandoffFact
	handoffsDone bool
	retains      map[*types.Func]*RetainsFact
	retainsKnown bool // retains is authoritative for this package
	retainsDone  bool
	// retainsImported memoizes facts and the retainer table for callees
	// of other packages.
	retainsImported map[*types.Func]*RetainsFact
	holds           map[types.Type]bool // canHold, memoized
	// fiberImmutable: fiber runs with Config.Immutable, so the strings
	// its contexts return are copies (-ctxcopy.fiber-immutable).
	fiberImmutable bool
}

func newModel(pass *analysis.Pass, m *goroutine.Model, retainers []apis.Func) *model {
	return &model{
		Model:      m,
		pass:       pass,
		table:      m.Table(),
		retainers:  append(apis.Retainers(), retainers...),
		retentions: map[ast.Node]*retention{},
		holds:      map[types.Type]bool{},
	}
}
