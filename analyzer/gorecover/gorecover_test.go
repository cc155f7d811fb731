package gorecover_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/gorecover"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

func TestBasic(t *testing.T) {
	a := gorecover.Rule.Analyzer()
	if err := a.Flags.Set("gorecover."+gorecover.FlagPanickers, "example.com/plugin.Run"); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "basic")
}

func TestMisuse(t *testing.T) {
	ruletest.Run(t, gorecover.Rule.Analyzer(), "misuse")
}

// Recovering helpers and wrappers in a package that never imports gin,
// seen through facts.
func TestCrossPackage(t *testing.T) {
	ruletest.Run(t, gorecover.Rule.Analyzer(),
		"crosspkg",
		"deepchain", // twelve wrappers deep, declared caller-first: the fact converges
		"pools",     // workerpool does not recover; ants, pond and conc do
	)
}

// A module whose path has no dot (issue 10: `module myapp`): its packages
// are the user's code, not the standard library, so a goroutine running
// one of its functions is judged like any other.
func TestDotlessModule(t *testing.T) {
	ruletest.RunDir(t, filepath.Join(analysistest.TestData(), "myapp"), gorecover.Rule.Analyzer(), "./...")
}

func TestScopeAll(t *testing.T) {
	a := gorecover.Rule.Analyzer()
	if err := a.Flags.Set("gorecover."+gorecover.FlagScope, gorecover.ScopeAll); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "scopeall")
}

func TestFixes(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, gorecover.Rule.Analyzer(), "fixes", "logshadow")
}

func TestHelper(t *testing.T) {
	a := gorecover.Rule.Analyzer()
	if err := a.Flags.Set("gorecover."+gorecover.FlagHelper, "example.com/obs.Recover"); err != nil {
		t.Fatal(err)
	}
	ruletest.RunWithSuggestedFixes(t, a, "helper", "configured")
}

// A configured launcher starts goroutines like a go statement; configured
// as recovering too, its goroutines are protected.
func TestConfiguredLauncher(t *testing.T) {
	const submit = "(*example.com/pool.Pool).Submit"
	a := gorecover.Rule.Analyzer()
	if err := a.Flags.Set("launchers", submit); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "poolnorec")

	a = gorecover.Rule.Analyzer()
	if err := a.Flags.Set("launchers", submit); err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("gorecover."+gorecover.FlagRecoverers, submit); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "poolrec")
}

// -gorecover.strict keeps the rule's first behaviour: every request
// goroutine without recover, except those that cannot panic at all.
func TestStrict(t *testing.T) {
	a := gorecover.Rule.Analyzer()
	if err := a.Flags.Set("gorecover."+gorecover.FlagStrict, "true"); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "strict")
}

// Goroutines that handlers start through helpers: across packages, through
// calls and interface methods, once per goroutine.
func TestHelpers(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, gorecover.Rule.Analyzer(), "helpers")
}

// Functions the package's callers register through an API other modules
// can call (a library's tool handlers and hooks) are code it does not
// control: a reason by default; an internal package's are the module's
// own (issue 24).
func TestRegistered(t *testing.T) {
	ruletest.Run(t, gorecover.Rule.Analyzer(), "registered/lib", "registered/internal/bus", "registered/app")
}

// Versioned dependencies have no facts (issue 12): go-zero's recover
// helpers and goroutine wrappers, and gopool's, come from tables; a
// dependency's deferred function named like a recover helper counts as
// one; a wrapper in no table is a plain call.
func TestDependencies(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "deps"), gorecover.Rule.Analyzer(), "./...")
}

// The model: for each source of data the program does not control and
// each partial operation, a goroutine that reaches it unguarded beside its
// guarded look-alike, in one package and across packages (through the
// facts of a service layer that never imports gin).
func TestModel(t *testing.T) {
	ruletest.Run(t, gorecover.Rule.Analyzer(), "model", "model/api")
}

// The operations that fail on the program's state, not on data: a send
// on a channel closed elsewhere (unless the close waits for the senders),
// and concurrent gorilla/websocket writes (unless ordered or under one
// mutex).
func TestChannels(t *testing.T) {
	ruletest.Run(t, gorecover.Rule.Analyzer(), "channels")
}
