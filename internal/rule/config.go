package rule

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// Config is the configuration of one analyzer instance: which rules run,
// the extra launchers and context types of the goroutine model, and each
// rule's options. Flags bind to it; other drivers set it directly.
type Config struct {
	rules   []*Rule
	options map[string]Options

	enable, disable ListFlag
	launchers       ListFlag
	contextTypes    ListFlag
	generated       bool // report findings in generated files too

	// Parsed lazily, because flags are set after the analyzer is built,
	// and under mu, because drivers analyse packages in parallel and each
	// package's Run validates.
	mu       sync.Mutex
	parsed   bool
	parseErr error
	model    goroutine.Config
}

// NewConfig returns the default configuration for rules.
func NewConfig(rules []*Rule) *Config {
	cfg := &Config{rules: rules, options: map[string]Options{}}
	for _, r := range rules {
		if r.Options != nil {
			cfg.options[r.Name] = r.Options()
		}
	}
	return cfg
}

// RegisterFlags binds the configuration to fs. Every flag checks its value
// in Set, so a driver that parses flags (with flag.ContinueOnError) learns
// of a misspelt rule, a malformed launcher or an invalid option before it
// loads any package, and the error names the flag.
func (cfg *Config) RegisterFlags(fs *flag.FlagSet) {
	names := cfg.RuleNames()
	fs.Var(configFlag{&cfg.enable, cfg, cfg.checkRule}, "enable", "comma-separated rules to run in addition to the default ones, or \"all\" (rules: "+strings.Join(names, ", ")+")")
	fs.Var(configFlag{&cfg.disable, cfg, cfg.checkRule}, "disable", "comma-separated rules not to run, or \"all\"")
	fs.Var(configFlag{&cfg.launchers, cfg, checkLauncher}, "launchers", "comma-separated extra functions that run their last func-typed argument on a new goroutine, as pkg/path.Func or (*pkg/path.Type).Method")
	fs.Var(configFlag{&cfg.contextTypes, cfg, checkContextType}, "context-types", "comma-separated extra pooled request-context types, as pkg/path.Type or *pkg/path.Type")
	fs.Var(&generatedFlag{cfg}, GeneratedFlag, "also report findings in generated files (those with a \"// Code generated ... DO NOT EDIT.\" comment), which are skipped by default")
	for _, r := range cfg.rules {
		opts := cfg.options[r.Name]
		if opts == nil {
			continue
		}
		sub := flag.NewFlagSet(r.Name, flag.ContinueOnError)
		opts.RegisterFlags(sub)
		sub.VisitAll(func(f *flag.Flag) {
			fs.Var(&optionFlag{Value: f.Value, cfg: cfg, rule: r.Name}, r.Name+"."+f.Name, f.Usage)
		})
	}
}

// GeneratedFlag is the flag that keeps findings in generated files.
const GeneratedFlag = "generated"

// Rules returns the rules the configuration knows, in order.
func (cfg *Config) Rules() []*Rule { return cfg.rules }

// RuleNames returns the names of the rules the configuration knows.
func (cfg *Config) RuleNames() []string {
	var names []string
	for _, r := range cfg.rules {
		names = append(names, r.Name)
	}
	return names
}

// Options returns the options of the named rule, or nil.
func (cfg *Config) Options(rule string) Options { return cfg.options[rule] }

// Enable turns rules on ("all" for every rule).
func (cfg *Config) Enable(rules ...string) {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	cfg.enable = append(cfg.enable, rules...)
	cfg.parsed = false
}

// Disable turns rules off ("all" for every rule).
func (cfg *Config) Disable(rules ...string) {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	cfg.disable = append(cfg.disable, rules...)
	cfg.parsed = false
}

// AddLaunchers adds launcher specs (see apis.ParseLauncher).
func (cfg *Config) AddLaunchers(specs ...string) {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	cfg.launchers = append(cfg.launchers, specs...)
	cfg.parsed = false
}

// AddContextTypes adds pooled context type specs (see frameworks.ParseType).
func (cfg *Config) AddContextTypes(specs ...string) {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	cfg.contextTypes = append(cfg.contextTypes, specs...)
	cfg.parsed = false
}

// Enabled reports whether the named rule runs. -disable wins over -enable
// for the same rule; "all" names every rule.
func (cfg *Config) Enabled(name string) bool {
	var r *Rule
	for _, x := range cfg.rules {
		if x.Name == name {
			r = x
		}
	}
	if r == nil {
		return false
	}
	if slices.Contains(cfg.disable, name) {
		return false
	}
	if slices.Contains(cfg.enable, name) {
		return true
	}
	if slices.Contains(cfg.disable, "all") {
		return false
	}
	return r.Default || slices.Contains(cfg.enable, "all")
}

// Validate checks the configuration: unknown rule names, malformed
// launcher or context-type specs.
func (cfg *Config) Validate() error { return cfg.validate() }

// ModelConfig is the part of the configuration the goroutine model uses.
func (cfg *Config) ModelConfig() goroutine.Config {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	_ = cfg.validateLocked()
	return cfg.model
}

func (cfg *Config) validate() error {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	return cfg.validateLocked()
}

func (cfg *Config) validateLocked() error {
	if cfg.parsed {
		return cfg.parseErr
	}
	cfg.parsed = true
	cfg.parseErr = cfg.parse()
	return cfg.parseErr
}

func (cfg *Config) parse() error {
	known := cfg.RuleNames()
	for _, list := range []ListFlag{cfg.enable, cfg.disable} {
		for _, name := range list {
			if name != "all" && !slices.Contains(known, name) {
				sort.Strings(known)
				return fmt.Errorf("unknown rule %q (rules: %s)", name, strings.Join(known, ", "))
			}
		}
	}
	for _, r := range cfg.rules {
		if v, ok := cfg.options[r.Name].(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("rule %s: %w", r.Name, err)
			}
		}
	}
	var m goroutine.Config
	for _, spec := range cfg.launchers {
		l, err := apis.ParseLauncher(spec)
		if err != nil {
			return err
		}
		m.Launchers = append(m.Launchers, l)
	}
	for _, spec := range cfg.contextTypes {
		t, err := frameworks.ParseType(spec)
		if err != nil {
			return err
		}
		m.ContextTypes = append(m.ContextTypes, t)
	}
	cfg.model = m
	return nil
}

// ListFlag is a comma-separated list flag; repeating the flag appends.
// Rules use it for list options, so every list reads the same way.
type ListFlag []string

func (l *ListFlag) String() string { return strings.Join(*l, ",") }

func (l *ListFlag) Set(s string) error {
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			*l = append(*l, x)
		}
	}
	return nil
}

// configFlag is a ListFlag that checks each element when set,
// invalidates the parsed configuration, and lets ConfigOf find the Config
// behind an analyzer's flags.
type configFlag struct {
	list  *ListFlag
	cfg   *Config
	check func(string) error
}

type configValue interface{ config() *Config }

func (f configFlag) config() *Config { return f.cfg }

func (f configFlag) String() string {
	if f.list == nil {
		return ""
	}
	return f.list.String()
}

func (f configFlag) Set(s string) error {
	var add ListFlag
	add.Set(s)
	for _, x := range add {
		if err := f.check(x); err != nil {
			return err
		}
	}
	f.cfg.mu.Lock()
	defer f.cfg.mu.Unlock()
	f.cfg.parsed = false
	*f.list = append(*f.list, add...)
	return nil
}

func (cfg *Config) checkRule(name string) error {
	known := cfg.RuleNames()
	if name == "all" || slices.Contains(known, name) {
		return nil
	}
	sort.Strings(known)
	return fmt.Errorf("unknown rule %q (rules: %s)", name, strings.Join(known, ", "))
}

func checkLauncher(spec string) error {
	_, err := apis.ParseLauncher(spec)
	return err
}

func checkContextType(spec string) error {
	_, err := frameworks.ParseType(spec)
	return err
}

// optionFlag is a rule option's flag: after the option's own Set, it runs
// the options' Validate (see Options), so that an invalid value is an
// error of Set, naming the flag.
type optionFlag struct {
	flag.Value
	cfg  *Config
	rule string
}

func (f *optionFlag) String() string {
	if f == nil || f.Value == nil {
		return "" // the zero value, for flag.PrintDefaults
	}
	return f.Value.String()
}

func (f *optionFlag) Set(s string) error {
	f.cfg.mu.Lock()
	defer f.cfg.mu.Unlock()
	f.cfg.parsed = false
	if err := f.Value.Set(s); err != nil {
		return err
	}
	if v, ok := f.cfg.options[f.rule].(interface{ Validate() error }); ok {
		return v.Validate()
	}
	return nil
}

// IsBoolFlag keeps a boolean option usable as -rule.opt, without a value.
func (f *optionFlag) IsBoolFlag() bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func (f *optionFlag) Get() any {
	if g, ok := f.Value.(flag.Getter); ok {
		return g.Get()
	}
	return f.Value.String()
}

// generatedFlag is the -generated boolean.
type generatedFlag struct{ cfg *Config }

func (f *generatedFlag) String() string {
	if f == nil || f.cfg == nil {
		return "false"
	}
	return strconv.FormatBool(f.cfg.ReportGenerated())
}

func (f *generatedFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	f.cfg.SetReportGenerated(v)
	return nil
}

func (f *generatedFlag) IsBoolFlag() bool { return true }

func (f *generatedFlag) Get() any { return f.cfg.ReportGenerated() }

// SetReportGenerated says whether findings in generated files are
// reported (by default they are not).
func (cfg *Config) SetReportGenerated(v bool) {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	cfg.generated = v
}

// ReportGenerated reports whether findings in generated files are reported.
func (cfg *Config) ReportGenerated() bool {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	return cfg.generated
}
