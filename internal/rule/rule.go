// Package rule is the small framework every ginctxlint rule plugs into.
//
// A Rule is a named check with its documentation, default state, options and
// fact types. NewAnalyzer turns a set of rules into one *analysis.Analyzer
// whose flags bind to a fresh Config: the command builds one with every rule
// ("ginctxlint", from the registry analyzer.Rules), and (*Rule).Analyzer
// builds one with just that rule (for its tests). Nothing here is
// package-level mutable state, so two configurations can run in one process
// (golangci-lint does exactly that).
package rule

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// DocURL is where each rule's documentation lives; a rule's section is
// DocURL + "#" + its name.
const DocURL = "https://github.com/ginctxlint/ginctxlint#"

// A Rule is one check: ctxcopy, goexit, ...
type Rule struct {
	// Name is the rule ID: the diagnostic category, the message prefix,
	// the flag value for -enable/-disable. A public contract.
	Name string
	// Title is a one-line summary (SARIF, README tables).
	Title string
	// Doc is the rule's documentation, WRONG/RIGHT example included.
	Doc string
	// Default reports whether the rule runs unless disabled.
	Default bool
	// Since is the release the rule first shipped in ("v0.1.0"); the
	// README and SARIF show it. A rule not yet released names the next
	// release.
	Since string
	// Options, if non-nil, returns a fresh options value for one analyzer
	// instance; its flags are registered under "<rule>." on the analyzer.
	Options func() Options
	// FactTypes lists the facts the rule imports and exports.
	FactTypes []analysis.Fact
	// Run checks one package.
	Run func(*Pass) error
}

// Options is a rule's per-instance configuration. Options that can hold
// invalid values also implement Validate() error, which runs when the
// configuration is validated (before any package is analysed, in the
// golangci-lint plugin), so that a bad value is an error naming it.
type Options interface {
	// RegisterFlags binds the options to flags named without the rule
	// prefix; NewAnalyzer adds "<rule>.".
	RegisterFlags(fs *flag.FlagSet)
}

// A Pass is what a rule sees: the analysis pass, the shared goroutine
// model of the package, and its own options.
type Pass struct {
	*analysis.Pass
	Rule    *Rule
	Config  *Config
	Options Options // nil if the rule has none

	inspector *inspector.Inspector
	model     *goroutine.Model
	ignores   *ignores
	generated map[*token.File]bool // files whose findings are dropped
	at        token.Pos            // last position a rule said it was working on
}

// Inspector returns the package's syntax index.
func (p *Pass) Inspector() *inspector.Inspector { return p.inspector }

// Model returns the goroutine model of the package, built once per package
// and shared by every rule of the analyzer.
func (p *Pass) Model() *goroutine.Model { return p.model }

// At records the node a rule is working on, so that a panic can be reported
// with a position. Cheap enough to call per launch or per function.
func (p *Pass) At(n ast.Node) {
	if n != nil {
		p.at = n.Pos()
	}
}

// Report reports d as a finding of the rule: it sets the category and the
// documentation URL, and prefixes the message with the rule ID. A finding
// on a line with a //ginctxlint:ignore directive for the rule, or below
// one, is dropped (see IgnoreDirective), and so is a finding in a
// generated file unless the configuration asks for those (-generated).
// A finding inside a goroutine is reported with ReportIn.
func (p *Pass) Report(d analysis.Diagnostic) { p.report(d, token.NoPos) }

// ReportIn reports d, a finding inside the goroutine launch starts (a use
// of c in its body, a send that blocks it), as Report does; a directive on
// the line of the launch (its go keyword, the launcher's name), or above
// it, suppresses d too: that is where a reader looks, and where one
// directive covers every finding of the goroutine.
func (p *Pass) ReportIn(launch analysis.Range, d analysis.Diagnostic) {
	p.report(d, launch.Pos())
}

func (p *Pass) report(d analysis.Diagnostic, launch token.Pos) {
	if p.generated[p.Fset.File(d.Pos)] || p.ignores.suppress(p.Fset, p.Rule.Name, d.Pos, launch) {
		return
	}
	d.Category = p.Rule.Name
	if d.URL == "" {
		d.URL = DocURL + p.Rule.Name
	}
	if !strings.HasPrefix(d.Message, p.Rule.Name+": ") {
		d.Message = p.Rule.Name + ": " + d.Message
	}
	p.Pass.Report(d)
}

// Reportf reports a finding at a range without fixes or related positions.
func (p *Pass) Reportf(rng analysis.Range, format string, args ...any) {
	p.Report(analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
}

// NewAnalyzer returns an analyzer named name that runs the enabled rules of
// rules on each package. Its flags (-enable, -disable, -launchers,
// -context-types and each rule's options) bind to a Config owned by this
// analyzer alone.
func NewAnalyzer(name, doc string, rules ...*Rule) *analysis.Analyzer {
	cfg := NewConfig(rules)
	a := &analysis.Analyzer{
		Name:     name,
		Doc:      doc,
		URL:      strings.TrimSuffix(DocURL, "#"),
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run:      cfg.run,
	}
	if len(rules) == 1 {
		a.URL = DocURL + rules[0].Name
	}
	// The model's own fact: every rule sees calls of the user's goroutine
	// wrappers as launches, so every analyzer exports it.
	a.FactTypes = []analysis.Fact{new(goroutine.LauncherFact)}
	seen := map[reflect.Type]bool{reflect.TypeOf(a.FactTypes[0]): true}
	for _, r := range rules {
		for _, f := range r.FactTypes {
			if t := reflect.TypeOf(f); !seen[t] {
				seen[t] = true
				a.FactTypes = append(a.FactTypes, f)
			}
		}
	}
	cfg.RegisterFlags(&a.Flags)
	return a
}

// Analyzer returns a fresh analyzer that runs only r, named after it, with
// its own configuration: what the rule's tests run.
func (r *Rule) Analyzer() *analysis.Analyzer { return NewAnalyzer(r.Name, r.Doc, r) }

// ConfigOf returns the configuration bound to an analyzer made by
// NewAnalyzer, so that other drivers (the golangci-lint plugin, tests) can
// set it without going through flags. It returns nil for other analyzers.
func ConfigOf(a *analysis.Analyzer) *Config {
	if a == nil || a.Run == nil {
		return nil
	}
	var cfg *Config
	a.Flags.VisitAll(func(f *flag.Flag) {
		if v, ok := f.Value.(configValue); ok && cfg == nil {
			cfg = v.config()
		}
	})
	return cfg
}

// run is the analyzer's Run: it builds the shared model once and runs each
// enabled rule, turning a panic in a rule into an error that names the rule
// and where it was, rather than a crash of the whole driver.
func (cfg *Config) run(pass *analysis.Pass) (any, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	// Fixes are built from the file text (fixes.Source), several per
	// file, and the driver's ReadFile goes to the disk every time: a hot
	// spot in profiles of code with many findings. Read each file once
	// per package; the driver gets its own function back afterwards, so
	// no file contents outlive the pass.
	if read := pass.ReadFile; read != nil {
		pass.ReadFile = readOnce(read)
		defer func() { pass.ReadFile = read }()
	}
	if !stdlib.UserCode(pass) {
		// The standard library and versioned dependencies: no findings
		// the user could act on, and no facts (issue 12). Every driver
		// then agrees — ours reads dependencies from export data, which
		// has no syntax to compute facts from — and a dependency costs
		// only its loading. What the facts of dependencies used to say
		// (their goroutine wrappers and recover helpers) comes from
		// tables in package goroutine.
		return nil, nil
	}
	insp, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if insp == nil {
		insp = inspector.New(pass.Files)
	}
	model := goroutine.NewModel(pass, insp, cfg.ModelConfig())
	// In every package of the user's code, whatever rules run: importers
	// need the facts of a helper package that no rule looks at.
	if f := exportModelFacts(pass, model); f != nil {
		pass.Report(f.diagnostic(pass))
	}
	ig := collectIgnores(pass.Fset, pass.Files)
	var generated map[*token.File]bool
	if !cfg.ReportGenerated() {
		generated = generatedFiles(pass.Fset, pass.Files)
	}
	for _, r := range cfg.rules {
		if !cfg.Enabled(r.Name) {
			continue
		}
		p := &Pass{Pass: pass, Rule: r, Config: cfg, Options: cfg.options[r.Name], inspector: insp, model: model, ignores: ig, generated: generated}
		if f := runRule(p); f != nil {
			// The other rules go on: an error returned by Run would make
			// every driver drop the findings and facts of all of them
			// for this package (and "failed prerequisites" for its
			// importers) — one bad loop in ill-typed code silenced six
			// rules (issue 25). The failure is a finding of its own, so
			// that it is seen, counted and reported.
			pass.Report(f.diagnostic(pass))
		}
	}
	// Only now, after every rule, is it known which directives were used.
	ig.report(pass, cfg, generated)
	return nil, nil
}

// generatedFiles returns the files of the package that carry the
// "// Code generated ... DO NOT EDIT." comment (ast.IsGenerated), whose
// findings nobody can act on: the fix belongs in the generator. As
// staticcheck and golangci-lint do, they are skipped by default.
//
// The files cmd/cgo writes are the exception: go vet and go/packages
// analyze them in place of the user's cgo files, and their //line
// directives point back into the user's code, so they are the user's code.
func generatedFiles(fset *token.FileSet, files []*ast.File) map[*token.File]bool {
	var out map[*token.File]bool
	for _, f := range files {
		if !ast.IsGenerated(f) || byCgo(f) {
			continue
		}
		if tf := fset.File(f.FileStart); tf != nil {
			if out == nil {
				out = map[*token.File]bool{}
			}
			out[tf] = true
		}
	}
	return out
}

// byCgo reports whether f was written by cmd/cgo.
func byCgo(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "// Code generated by cmd/cgo") {
				return true
			}
		}
	}
	return false
}

// readOnce memoizes read. Callers share the contents and must not modify
// them (every caller slices them into strings); a copy per call was itself
// the hot spot.
func readOnce(read func(string) ([]byte, error)) func(string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	seen := map[string]result{}
	return func(name string) ([]byte, error) {
		r, ok := seen[name]
		if !ok {
			r.data, r.err = read(name)
			seen[name] = r
		}
		return r.data, r.err
	}
}

// exportModelFacts exports the goroutine model's own facts, turning a
// panic into a failure, as runRule does for a rule.
func exportModelFacts(pass *analysis.Pass, m *goroutine.Model) (f *failure) {
	defer func() {
		if x := recover(); x != nil {
			f = &failure{who: "the goroutine model", err: fmt.Errorf("%v", x), stack: ownFrames()}
			if len(pass.Files) > 0 {
				f.pos = pass.Files[0].Package
			}
		}
	}()
	m.ExportLauncherFacts()
	return nil
}

// runRule runs one rule, turning a panic or an error into a failure that
// names the rule and the position it was working on, rather than a crash
// of the whole driver.
func runRule(p *Pass) (f *failure) {
	defer func() {
		if x := recover(); x != nil {
			f = &failure{rule: p.Rule.Name, who: "rule " + p.Rule.Name, pos: p.at, err: fmt.Errorf("%v", x), stack: ownFrames()}
		}
		if f != nil && !f.pos.IsValid() && len(p.Files) > 0 {
			f.pos = p.Files[0].Package
		}
	}()
	if err := p.Rule.Run(p); err != nil {
		return &failure{rule: p.Rule.Name, who: "rule " + p.Rule.Name, pos: p.at, err: err}
	}
	return nil
}

// A failure is a rule (or the model) that stopped on a package.
type failure struct {
	rule  string    // the rule's ID; "" for the model
	who   string    // "rule ctxcopy", "the goroutine model"
	pos   token.Pos // what it was working on
	err   error
	stack []string // our own frames of a panic, innermost first
}

// diagnostic is the failure as a finding of the rule, at the position it
// was working on: drivers print it beside the other rules' findings, and
// it fails a CI step that counts findings.
func (f *failure) diagnostic(pass *analysis.Pass) analysis.Diagnostic {
	msg := fmt.Sprintf("internal error in %s: %v", f.who, f.err)
	if len(f.stack) > 0 {
		msg += " at " + strings.Join(f.stack, " < ")
	}
	msg += "; its other findings in package " + pass.Pkg.Path() + " are missing (please report it with this message)"
	cat := f.rule
	if cat == "" {
		cat = "ginctxlint"
	}
	url := strings.TrimSuffix(DocURL, "#")
	if f.rule != "" {
		url = DocURL + f.rule
		msg = f.rule + ": " + msg
	}
	return analysis.Diagnostic{Pos: f.pos, Category: cat, URL: url, Message: msg}
}

// ownFrames returns the frames of this module on the stack of a panic
// being recovered, innermost first, at most five, as "loops.Endless
// (loops.go:259)": enough to find the bug in a one-line report.
func ownFrames() []string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var out []string
	for {
		fr, more := frames.Next()
		if strings.HasPrefix(fr.Function, modulePath+"/") && !strings.HasPrefix(fr.Function, modulePath+"/internal/rule.") {
			name := fr.Function[strings.LastIndex(fr.Function, "/")+1:]
			out = append(out, fmt.Sprintf("%s (%s:%d)", name, filepath.Base(fr.File), fr.Line))
			if len(out) == 5 {
				break
			}
		}
		if !more {
			break
		}
	}
	return out
}

// modulePath is this module's path, whose frames ownFrames keeps.
const modulePath = "github.com/ginctxlint/ginctxlint"
