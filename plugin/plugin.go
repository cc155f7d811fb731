// Package plugin is the golangci-lint module plugin of ginctxlint.
//
// Build a golangci-lint that contains it (see docs/golangci-lint.md), then
// enable it in .golangci.yml:
//
//	linters:
//	  enable: [ginctxlint]
//	  settings:
//	    custom:
//	      ginctxlint:
//	        type: module
//	        settings:
//	          disable: [timeafter]
//	          launchers: ["github.com/acme/async.Go"]
//	          rules:
//	            - name: gorecover
//	              options:
//	                recoverers: ["github.com/acme/safe.Go"]
//
// Every setting mirrors a flag of the ginctxlint command: enable, disable,
// launchers and context-types are -enable, -disable, -launchers and
// -context-types; the options of a rule are its -<rule>.<option> flags.
package plugin

import (
	"flag"
	"fmt"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Name is the linter name in .golangci.yml and in //nolint comments.
const Name = "ginctxlint"

func init() { register.Plugin(Name, New) }

// Settings is the content of linters.settings.custom.ginctxlint.settings.
//
// golangci-lint lower-cases every key and splits keys on dots before the
// plugin sees them, so nothing user-named is a key here: launchers and
// context types (package paths, full of dots) are list elements, and rules
// are a list of objects with a name.
type Settings struct {
	// Enable lists rules to run besides the default ones, or "all".
	Enable []string `json:"enable"`
	// Disable lists rules not to run, or "all"; it wins over Enable.
	Disable []string `json:"disable"`
	// Launchers lists extra functions that run a func argument on a new
	// goroutine, as pkg/path.Func or (*pkg/path.Type).Method.
	Launchers []string `json:"launchers"`
	// ContextTypes lists extra pooled request-context types, as
	// pkg/path.Type or *pkg/path.Type.
	ContextTypes []string `json:"context-types"`
	// Rules holds per-rule options.
	Rules []RuleSettings `json:"rules"`
}

// RuleSettings are the options of one rule.
type RuleSettings struct {
	// Name is the rule ID (ctxcopy, goexit, ...).
	Name string `json:"name"`
	// Options maps an option (the part of a -<rule>.<option> flag after
	// the dot) to its value: a string, number, boolean, or a list, which
	// is passed as the comma-separated flag value.
	Options map[string]any `json:"options"`
}

// Plugin is one configured instance of the linter. golangci-lint calls New
// once per configuration; each call owns a fresh analyzer, so instances
// never share settings.
type Plugin struct {
	analyzer *analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes settings strictly (an unknown key is an error that names it)
// and returns a plugin whose analyzer is configured by them.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("ginctxlint settings: %w", err)
	}
	a, err := NewAnalyzer(s)
	if err != nil {
		return nil, fmt.Errorf("ginctxlint settings: %w", err)
	}
	return &Plugin{analyzer: foldRelated(a)}, nil
}

// foldRelated returns a copy of a whose diagnostics carry their related
// positions in the message instead of in Related.
//
// golangci-lint turns each related position into an issue of its own
// ("ginctxlint(related information): the goroutine starts here ..."),
// which a //nolint:ginctxlint on the finding's line does not suppress, an
// exclusion by rule ("text: ^ctxcopy:") does not match, and which counts
// as one more issue. Folded, one finding is one issue, suppressed as one.
func foldRelated(a *analysis.Analyzer) *analysis.Analyzer {
	folded := *a
	folded.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			if len(d.Related) > 0 {
				d.Message = withRelated(pass.Fset, d)
				d.Related = nil
			}
			report(d)
		}
		return a.Run(pass)
	}
	return &folded
}

// withRelated appends each related position of d to its message, as
// " (line 26: the goroutine starts here ...)", naming the file when it is
// another one.
func withRelated(fset *token.FileSet, d analysis.Diagnostic) string {
	var b strings.Builder
	b.WriteString(d.Message)
	at := fset.Position(d.Pos)
	for _, r := range d.Related {
		pos := fset.Position(r.Pos)
		switch {
		case !pos.IsValid():
			fmt.Fprintf(&b, " (%s)", r.Message)
		case pos.Filename == at.Filename:
			fmt.Fprintf(&b, " (line %d: %s)", pos.Line, r.Message)
		default:
			fmt.Fprintf(&b, " (%s:%d: %s)", filepath.Base(pos.Filename), pos.Line, r.Message)
		}
	}
	return b.String()
}

// BuildAnalyzers returns the single ginctxlint analyzer: the rules share one
// goroutine model per package, and each message starts with its rule ID, so
// golangci-lint's dropping of Category loses nothing.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: every rule resolves calls and
// types by object.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// NewAnalyzer returns a fresh ginctxlint analyzer configured by s, or an
// error naming the first unknown rule, option or malformed value. Unlike
// the plugin's, its diagnostics keep their related positions apart.
func NewAnalyzer(s Settings) (*analysis.Analyzer, error) {
	a := analyzer.New()
	cfg := rule.ConfigOf(a)
	// golangci-lint decides about generated files itself
	// (linters.exclusions.generated, "lax" by default): report them all.
	cfg.SetReportGenerated(true)
	cfg.Enable(s.Enable...)
	cfg.Disable(s.Disable...)
	cfg.AddLaunchers(s.Launchers...)
	cfg.AddContextTypes(s.ContextTypes...)
	seen := map[string]bool{}
	for i, rs := range s.Rules {
		if rs.Name == "" {
			return nil, fmt.Errorf("rules[%d]: missing name", i)
		}
		if !slices.Contains(cfg.RuleNames(), rs.Name) {
			known := cfg.RuleNames()
			sort.Strings(known)
			return nil, fmt.Errorf("rules[%d]: unknown rule %q (rules: %s)", i, rs.Name, strings.Join(known, ", "))
		}
		if seen[rs.Name] {
			return nil, fmt.Errorf("rules[%d]: rule %q listed twice", i, rs.Name)
		}
		seen[rs.Name] = true
		if err := setOptions(a, rs); err != nil {
			return nil, fmt.Errorf("rules[%d] (%s): %w", i, rs.Name, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// setOptions sets the options of one rule through the analyzer's
// -<rule>.<option> flags, so that a new rule or option is configurable here
// without a change to this package, and parsed as on the command line.
func setOptions(a *analysis.Analyzer, rs RuleSettings) error {
	prefix := rs.Name + "."
	var known []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		if opt, ok := strings.CutPrefix(f.Name, prefix); ok {
			known = append(known, opt)
		}
	})
	options := flatten(rs.Options)
	for _, key := range slices.Sorted(maps.Keys(options)) {
		f := lookup(&a.Flags, prefix, known, key)
		if f == nil {
			if len(known) == 0 {
				return fmt.Errorf("unknown option %q: the rule has no options", key)
			}
			return fmt.Errorf("unknown option %q (options: %s)", key, strings.Join(known, ", "))
		}
		value, err := flagValue(options[key])
		if err != nil {
			return fmt.Errorf("option %s: %w", key, err)
		}
		if err := f.Value.Set(value); err != nil {
			return fmt.Errorf("option %s: %w", key, err)
		}
	}
	return nil
}

// flatten undoes golangci-lint's splitting of keys on dots: an option key
// "a.b" arrives as {"a": {"b": v}}.
func flatten(m map[string]any) map[string]any {
	out := map[string]any{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			out[prefix+k] = v
		}
	}
	walk("", m)
	return out
}

// lookup finds the flag of an option. golangci-lint lower-cases keys, so
// an option spelled "maxDepth" by its rule arrives as "maxdepth".
func lookup(fs *flag.FlagSet, prefix string, known []string, key string) *flag.Flag {
	if f := fs.Lookup(prefix + key); f != nil {
		return f
	}
	for _, opt := range known {
		if strings.EqualFold(opt, key) {
			return fs.Lookup(prefix + opt)
		}
	}
	return nil
}

// flagValue renders a decoded setting as the text of a flag value; a list
// becomes the comma-separated value the list flags take.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case float64: // every JSON number; 'f' keeps 1000000 from becoming 1e+06
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			if _, nested := x.([]any); nested {
				return "", fmt.Errorf("nested lists are not supported")
			}
			s, err := flagValue(x)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	case nil:
		return "", fmt.Errorf("missing value")
	default:
		return "", fmt.Errorf("unsupported value %v (%T)", v, v)
	}
}
