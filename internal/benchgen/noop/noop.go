// Package noop holds the analyzers that measure the driver's own cost: they
// do nothing, so a run with them is the floor any analyzer pays for
// loading and type-checking.
package noop

import (
	"golang.org/x/tools/go/analysis"
)

// Analyzer does nothing. Without facts, singlechecker type-checks only the
// packages named on the command line, reading dependencies from export
// data.
var Analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "do nothing (the floor of a no-facts analyzer)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

// FactAnalyzer exports one trivial package fact per package. Declaring a
// fact type is what makes the driver load every dependency from source
// and run the analyzer on it: the floor of any analyzer with facts.
var FactAnalyzer = &analysis.Analyzer{
	Name:      "noopfact",
	Doc:       "export a trivial fact (the floor of an analyzer with facts)",
	FactTypes: []analysis.Fact{new(Seen)},
	Run: func(pass *analysis.Pass) (any, error) {
		pass.ExportPackageFact(new(Seen))
		return nil, nil
	},
}

// Seen is the trivial fact.
type Seen struct{}

func (*Seen) AFact() {}
