// Package analyzer assembles the ginctxlint analyzer from the rules under
// analyzer/<rule>.
package analyzer

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcancel"
	"github.com/ginctxlint/ginctxlint/analyzer/ctxcopy"
	"github.com/ginctxlint/ginctxlint/analyzer/goexit"
	"github.com/ginctxlint/ginctxlint/analyzer/gorecover"
	"github.com/ginctxlint/ginctxlint/analyzer/shutdown"
	"github.com/ginctxlint/ginctxlint/analyzer/timeafter"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Rules returns every ginctxlint rule, in documentation order: the
// registry. Add a new rule here and nowhere else: the command's help, the
// golangci-lint plugin, the language server, SARIF's rule metadata and the
// README are derived from it, and the tests of this package check the
// lists kept in other files (see "Adding a rule" in docs/contributing.md).
func Rules() []*rule.Rule {
	return []*rule.Rule{
		ctxcopy.Rule,
		goexit.Rule,
		gorecover.Rule,
		timeafter.Rule,
		ctxcancel.Rule,
		shutdown.Rule,
	}
}

const summary = `find goroutine and lifecycle bugs in Gin (and other pooled-context) HTTP services`

// doc is the analyzer's documentation (the command's -help), listing
// rules from Rules() so that no list of rules is written by hand.
func doc(rules []*rule.Rule) string {
	var b strings.Builder
	b.WriteString(summary + "\n\nEach diagnostic starts with its rule ID; rules are turned on and off with\n-enable and -disable. The rules (* on by default):\n\n")
	for _, r := range rules {
		on := " "
		if r.Default {
			on = "*"
		}
		fmt.Fprintf(&b, "  %s %-10s %s\n", on, r.Name, r.Title)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// New returns a fresh ginctxlint analyzer running every default rule. Its
// flags bind to its own configuration (see rule.ConfigOf): two analyzers
// from New never share settings.
func New() *analysis.Analyzer {
	rules := Rules()
	return rule.NewAnalyzer("ginctxlint", doc(rules), rules...)
}
