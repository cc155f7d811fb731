package timeafter_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/timeafter"
)

// restarts returns the analyzer with -timeafter.restarts set.
func restarts(t *testing.T) *analysis.Analyzer {
	a := timeafter.Rule.Analyzer()
	if err := a.Flags.Set("timeafter."+timeafter.FlagRestarts, "true"); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestGo123 runs on a module with go 1.23 and -timeafter.restarts:
// collected timers, Reset without draining, so the hoisting fix is
// offered. One file in it has a //go:build go1.22 constraint and gets the
// old behaviour.
func TestGo123(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "testdata/go123", restarts(t), "./...")
}

// TestGo124Default runs on a module with go 1.24 under the default
// settings: time.After in a loop is not reported, time.Tick is.
func TestGo124Default(t *testing.T) {
	analysistest.Run(t, "testdata/go124", timeafter.Rule.Analyzer(), "./...")
}

// TestGo122 runs on a module with go 1.22: timers leak until they fire,
// unstopped tickers forever. The option changes nothing there.
func TestGo122(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "testdata/go122", timeafter.Rule.Analyzer(), "./...")
	analysistest.RunWithSuggestedFixes(t, "testdata/go122", restarts(t), "./...")
}
