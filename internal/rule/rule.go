// Package rule is the small framework every ginctxlint rule plugs into.
//
// A Rule is a named check with its documentation, default state, options and
// fact types. NewAnalyzer turns a set of rules into a suite of analyzers in
// the x/tools shape (see suite): the goroutine model's analyzer, one
// analyzer per rule that Requires it, and the suite's analyzer, which
// drivers run, whose flags bind to a fresh Config. The command builds one
// with every rule ("ginctxlint", from the registry analyzer.Rules), and
// (*Rule).Analyzer returns the analyzer of just that rule, for its tests.
// Nothing here is package-level mutable state, so two configurations can
// run in one process (golangci-lint does exactly that).
package rule

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
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
	// Flow says the rule reads the package's value flow (Pass.Flow): its
	// analyzer then Requires the suite's flow analyzer.
	Flow bool
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

// A Pass is what a rule sees: the analysis pass of the rule's analyzer,
// the shared goroutine model of the package, and its own options.
type Pass struct {
	*analysis.Pass
	Rule    *Rule
	Config  *Config
	Options Options // nil if the rule has none

	inspector *inspector.Inspector
	model     *goroutine.Model
	flow      *flow.Result
	dirs      *directives
	out       *Findings
	at        token.Pos // last position a rule said it was working on
}

// Inspector returns the package's syntax index.
func (p *Pass) Inspector() *inspector.Inspector { return p.inspector }

// Model returns the goroutine model of the package, built once per package
// and shared by every rule of the analyzer.
func (p *Pass) Model() *goroutine.Model { return p.model }

// Flow returns the value flow of the package (internal/flow), for a rule
// that asked for it (Rule.Flow); nil otherwise.
func (p *Pass) Flow() *flow.Result { return p.flow }

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
	if p.dirs.skip(p.Fset, p.Config, d.Pos) {
		return
	}
	if ig := p.dirs.suppressing(p.Fset, p.Rule.Name, d.Pos, launch); len(ig) > 0 {
		for _, x := range ig {
			p.out.used[x] = true
		}
		return
	}
	d.Category = p.Rule.Name
	if d.URL == "" {
		d.URL = DocURL + p.Rule.Name
	}
	if !strings.HasPrefix(d.Message, p.Rule.Name+": ") {
		d.Message = p.Rule.Name + ": " + d.Message
	}
	p.out.Diagnostics = append(p.out.Diagnostics, d)
}

// Reportf reports a finding at a range without fixes or related positions.
func (p *Pass) Reportf(rng analysis.Range, format string, args ...any) {
	p.Report(analysis.Diagnostic{Pos: rng.Pos(), End: rng.End(), Message: fmt.Sprintf(format, args...)})
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
	return framesOf(pcs[:n])
}

// framesOf is ownFrames for a stack taken elsewhere (the model's
// analyzer takes its own, see goroutine.Result).
func framesOf(pcs []uintptr) []string {
	frames := runtime.CallersFrames(pcs)
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
