// Package analyzer assembles the ginctxlint analyzer from the rules under
// analyzer/<rule>.
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcopy"
	"github.com/ginctxlint/ginctxlint/analyzer/goexit"
	"github.com/ginctxlint/ginctxlint/analyzer/gorecover"
	"github.com/ginctxlint/ginctxlint/analyzer/shutdown"
	"github.com/ginctxlint/ginctxlint/analyzer/timeafter"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Rules returns every ginctxlint rule, in documentation order. Add a new
// rule here and nowhere else: the command, the golangci-lint plugin and the
// language server all pick it up.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		ctxcopy.Rule,
		goexit.Rule,
		gorecover.Rule,
		timeafter.Rule,
		shutdown.Rule,
	}
}

const doc = `find goroutine and lifecycle bugs in Gin (and other pooled-context) HTTP services

ginctxlint reports pooled request contexts used after the handler returns
(ctxcopy), goroutines that never finish (goexit), request goroutines without
recover (gorecover), timers made on every loop iteration (timeafter) and
servers that cannot shut down gracefully (shutdown). Each diagnostic starts
with its rule ID; rules are turned on and off with -enable and -disable.`

// New returns a fresh ginctxlint analyzer running every default rule. Its
// flags bind to its own configuration (see rule.ConfigOf): two analyzers
// from New never share settings.
func New() *analysis.Analyzer {
	return rule.NewAnalyzer("ginctxlint", doc, Rules()...)
}
