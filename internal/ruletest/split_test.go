package ruletest

import "testing"

// TestRewrite checks how a want comment is split between the rule's run
// and the model's (see split): lines keep their place, each expectation
// goes to one side, and a comment the splitter cannot read stays the
// rule's.
func TestRewrite(t *testing.T) {
	for _, tc := range []struct {
		in, rule, model string
		hasModel        bool
	}{
		{"f() // want `x`", "f() // want `x`", "f()", false},
		{"func F() { // want F:`go\\(runs param 0\\)`", "func F() {", "func F() { // want F:`go\\(runs param 0\\)`", true},
		{"func F() { // want F:`go\\(recovers\\)` \"diag\" F:`other`", "func F() { // want \"diag\" F:`other`", "func F() { // want F:`go\\(recovers\\)`", true},
		{"func F() { // want F:`a` // want F:`a`", "func F() { // want F:`a`", "func F() {", false},
		{"x // want what?", "x // want what?", "x", false},
		{"no expectations here", "no expectations here", "no expectations here", false},
	} {
		rule, _ := rewrite(tc.in, false)
		model, hasModel := rewrite(tc.in, true)
		if rule != tc.rule || model != tc.model || hasModel != tc.hasModel {
			t.Errorf("rewrite(%q) = %q (rule), %q (model), %v; want %q, %q, %v", tc.in, rule, model, hasModel, tc.rule, tc.model, tc.hasModel)
		}
	}
}
