package plugin_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
	"github.com/ginctxlint/ginctxlint/plugin"
)

// build goes the way golangci-lint does: the registered constructor, then
// BuildAnalyzers.
func build(t *testing.T, settings any) (*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("ginctxlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(analyzers) != 1 || analyzers[0].Name != plugin.Name {
		t.Fatalf("BuildAnalyzers() = %v, want the one %s analyzer", analyzers, plugin.Name)
	}
	// golangci-lint prefixes messages with the analyzer name unless it is
	// the linter name; ours must stay "ctxcopy: ...", not "ginctxlint: ctxcopy: ...".
	return analyzers[0], nil
}

func mustBuild(t *testing.T, settings any) *analysis.Analyzer {
	t.Helper()
	a, err := build(t, settings)
	if err != nil {
		t.Fatalf("settings %v: %v", settings, err)
	}
	return a
}

// settings are as golangci-lint passes them: decoded YAML, keys lower-cased.
type m = map[string]any

func TestDefaults(t *testing.T) {
	for _, settings := range []any{nil, m{}} {
		cfg := rule.ConfigOf(mustBuild(t, settings))
		for _, r := range analyzer.Rules() {
			if got := cfg.Enabled(r.Name); got != r.Default {
				t.Errorf("settings %v: rule %s enabled = %v, want its default %v", settings, r.Name, got, r.Default)
			}
		}
		if !cfg.ReportGenerated() {
			t.Errorf("settings %v: findings in generated files are dropped; golangci-lint's exclusions.generated decides", settings)
		}
	}
}

func TestStrictSettings(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string // in the error
	}{
		{m{"disabel": []any{"ctxcopy"}}, `"disabel"`},
		{m{"rules": []any{m{"name": "ctxcopy", "optoins": m{}}}}, `"optoins"`},
		{m{"disable": []any{"ctxcpy"}}, `unknown rule "ctxcpy"`},
		{m{"enable": []any{"nosuchrule"}}, `unknown rule "nosuchrule"`},
		{m{"disable": "ctxcopy"}, "disable"},
		{m{"rules": []any{m{"name": "nosuchrule"}}}, `unknown rule "nosuchrule"`},
		{m{"rules": []any{m{"options": m{}}}}, "missing name"},
		{m{"rules": []any{m{"name": "ctxcopy"}, m{"name": "ctxcopy"}}}, "listed twice"},
		{m{"rules": []any{m{"name": "ctxcopy", "options": m{"nosuchoption": true}}}}, `unknown option "nosuchoption"`},
		{m{"launchers": []any{"not a launcher"}}, "not a launcher"},
		{m{"rules": []any{m{"name": "ctxcopy", "options": m{"retainers": []any{"(*gorm.DB"}}}}}, "invalid"},
		{m{"context-types": []any{"nopackage"}}, "nopackage"},
	} {
		_, err := build(t, tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v: error %v, want one containing %s", tc.settings, err, tc.want)
		}
	}
}

// TestOptions sets every option of every rule through the settings, the
// way users write them, and checks it reached the analyzer's flag. It
// covers rules added later without change.
func TestOptions(t *testing.T) {
	tested := 0
	for _, r := range analyzer.Rules() {
		a := analyzer.New()
		a.Flags.VisitAll(func(f *flag.Flag) {
			opt, ok := strings.CutPrefix(f.Name, r.Name+".")
			if !ok {
				return
			}
			tested++
			value, want := any(f.DefValue), f.DefValue
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				value, want = f.DefValue != "true", fmt.Sprint(f.DefValue != "true")
			}
			// Upper case is what a rule may use and what golangci-lint
			// lower-cases; both must find the flag.
			for _, key := range []string{opt, strings.ToLower(opt)} {
				got := mustBuild(t, m{"rules": []any{m{"name": r.Name, "options": m{key: value}}}})
				if s := got.Flags.Lookup(f.Name).Value.String(); s != want {
					t.Errorf("option %s of %s set to %v: flag -%s = %q, want %q", key, r.Name, value, f.Name, s, want)
				}
			}
		})
	}
	t.Logf("%d options", tested)

	// A list is the comma-separated flag value; a dotted key, split by
	// golangci-lint into nested maps, is joined again.
	a := analyzer.New()
	a.Flags.Set("launchers", "example.com/a.Go")
	a.Flags.Set("launchers", "example.com/b.Go")
	want := a.Flags.Lookup("launchers").Value.String()
	got := mustBuild(t, m{"launchers": []any{"example.com/a.Go", "example.com/b.Go"}})
	if s := got.Flags.Lookup("launchers").Value.String(); s != want {
		t.Errorf("launchers = %q, want %q", s, want)
	}
}

// TestTwoConfigurations builds two plugins in one process, as golangci-lint
// does for each configuration it loads, and runs them in turn: neither may
// see the other's settings.
func TestTwoConfigurations(t *testing.T) {
	dir := ruletest.Dir(t)
	withCtxcopy := mustBuild(t, m{"disable": []any{"all"}, "enable": []any{"ctxcopy"}})
	without := mustBuild(t, m{"disable": []any{"ctxcopy"}})
	if rule.ConfigOf(withCtxcopy) == rule.ConfigOf(without) {
		t.Fatal("two plugins share one configuration")
	}
	for i, tc := range []struct {
		a    *analysis.Analyzer
		want int // ctxcopy findings
	}{{withCtxcopy, 1}, {without, 0}, {withCtxcopy, 1}} {
		rec := &recorder{t: t}
		n := 0
		for _, res := range analysistest.Run(rec, dir, tc.a, "handler") {
			for _, d := range res.Diagnostics {
				if len(d.Related) > 0 {
					t.Errorf("run %d: related positions kept apart; golangci-lint makes each an issue of its own: %v", i, d.Related)
				}
				if strings.HasPrefix(d.Message, "ctxcopy: ") {
					n++
					if !strings.Contains(d.Message, " (line 12: ") {
						t.Errorf("run %d: want the goroutine's line folded into the message: %s", i, d.Message)
					}
				} else if tc.a == withCtxcopy {
					t.Errorf("run %d: only ctxcopy is enabled, got %s", i, d.Message)
				}
			}
		}
		if n != tc.want {
			t.Errorf("run %d: %d ctxcopy findings, want %d", i, n, tc.want)
		}
	}
}

// recorder lets analysistest run without `// want` comments: unexpected
// diagnostics are what the test counts, anything else is an error.
type recorder struct{ t *testing.T }

func (r *recorder) Errorf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "unexpected diagnostic") {
		r.t.Error(msg)
	}
}
