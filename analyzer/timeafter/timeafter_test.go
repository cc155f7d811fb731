package timeafter_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/timeafter"
)

// TestGo123 runs on a module with go 1.23: collected timers, Reset
// without draining, so the hoisting fix is offered. One file in it has a
// //go:build go1.22 constraint and gets the old behaviour.
func TestGo123(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "testdata/go123", timeafter.Rule.Analyzer(), "./...")
}

// TestGo122 runs on a module with go 1.22: timers leak until they fire,
// unstopped tickers forever.
func TestGo122(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "testdata/go122", timeafter.Rule.Analyzer(), "./...")
}
