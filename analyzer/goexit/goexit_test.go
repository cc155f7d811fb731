package goexit_test

import (
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer/goexit"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

func TestEndless(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(),
		"endless",
		"deepchain", // twelve helpers deep, declared caller-first: the fact converges
	)
}

func TestScopeAll(t *testing.T) {
	a := goexit.Rule.Analyzer()
	if err := a.Flags.Set("goexit."+goexit.FlagScope, goexit.ScopeAll); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "scopeall")
}

// main.main and init are skipped by default, checked with -goexit.main
// (and their endless loops with -goexit.scope=all).
func TestMain(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "mainpkg")
	a := goexit.Rule.Analyzer()
	if err := a.Flags.Set("goexit."+goexit.FlagMain, "true"); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("goexit."+goexit.FlagScope, goexit.ScopeAll); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "mainflag")
}

func TestPremature(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, goexit.Rule.Analyzer(), "premature")
}

// Receives that cannot miss a send: a counted loop over a select whose
// every case receives from the goroutines' channels; t.Context().Done().
func TestDrains(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "drains")
}

// Senders started in a loop: fewer receives than senders, buffers that
// cover every sender, type names as the file writes them.
func TestFanOut(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, goexit.Rule.Analyzer(), "fanout")
}

// The only receiver is another goroutine, which can return first.
func TestReceivers(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "receivers")
}

// Endless goroutines that handlers start through helpers, in this
// package and another (facts); helpers of constructors stay silent.
func TestHelpers(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "helpers")
}

func TestRanges(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "ranges")
}

// Channels returned by a function that starts their sender, and named
// functions of another package, through facts.
func TestReturned(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "returned")
}

// Abandoned fan-ins: a range over the senders' channel left on the first
// error; ranges that run to the close, or drain after a break.
func TestFanIn(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, goexit.Rule.Analyzer(), "fanin")
}

// A loop whose only exit is a stop channel the owner closes on some
// paths only; closes on every path, a defer, another way out.
func TestStopSignal(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "stopsignal")
}

// Unbuffered channels of a per-request session struct whose receiving
// loop can return first; buffered, drained, guarded and long-lived
// look-alikes.
func TestSessions(t *testing.T) {
	ruletest.Run(t, goexit.Rule.Analyzer(), "sessions")
}

// The leak shapes of the seed articles, and their recommended fixes.
func TestSeeds(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, goexit.Rule.Analyzer(), "seeds")
}

func TestBadScope(t *testing.T) {
	// A bad value is refused when the flag is set (rule.Config's flags),
	// and by Validate for a configuration set otherwise.
	a := goexit.Rule.Analyzer()
	err := a.Flags.Set("goexit."+goexit.FlagScope, "some")
	if err == nil {
		err = rule.ConfigOf(a).Validate()
	}
	if err == nil || !strings.Contains(err.Error(), "-goexit.scope") {
		t.Errorf("-goexit.scope=some: %v, want an error naming -goexit.scope", err)
	}
}
