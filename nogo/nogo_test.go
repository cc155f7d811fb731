package nogo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/nogo"
)

// TestAnalyzer checks what rules_go's generated nogo main relies on: a
// valid analyzer named as the configuration's key, with facts in its
// graph (nogo passes them between packages in its .x archives), whose flags take
// analyzer_flags through Flags.Set, and reject a bad value there.
func TestAnalyzer(t *testing.T) {
	a := nogo.Analyzer
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	if a.Name != "ginctxlint" {
		t.Errorf("name %q, want ginctxlint (the nogo configuration's key)", a.Name)
	}
	// The facts belong to the analyzers it requires (the goroutine model,
	// each rule: see package rule); nogo, like every driver, passes the
	// facts of each analyzer of the graph between packages.
	facts := 0
	var visit func(*analysis.Analyzer)
	visit = func(x *analysis.Analyzer) {
		facts += len(x.FactTypes)
		for _, r := range x.Requires {
			visit(r)
		}
	}
	visit(a)
	if facts == 0 {
		t.Error("no fact types: cross-package findings would be lost")
	}
	if err := a.Flags.Set("disable", "goexit"); err != nil {
		t.Fatal(err)
	}
	if cfg := rule.ConfigOf(a); cfg == nil || cfg.Enabled("goexit") {
		t.Error("analyzer_flags {\"disable\": \"goexit\"} did not disable goexit")
	}
	if err := a.Flags.Set("enable", "nosuchrule"); err == nil {
		t.Error("an unknown rule in analyzer_flags was accepted")
	}
}
