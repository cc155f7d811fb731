package rule

import (
	"cmp"
	"flag"
	"fmt"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// A suite is one configured instance of a set of rules, in the shape of
// the x/tools passes: the goroutine model is an analyzer of its own
// (goroutine.NewAnalyzer: a Result and its LauncherFacts), each rule is an
// analyzer that Requires it (and the package's directives), and the
// suite's analyzer Requires every rule and reports what they found.
//
//	inspect ─┬─ goroutines (model, LauncherFact) ─┬─ ctxcopy (HandoffFact, …) ─┬─ ginctxlint
//	         └──────────── directives ────────────┴─ goexit (goexit.Fact) ────┘
//
// Every analyzer of a suite shares its Config, and nothing else: two
// suites (two golangci-lint configurations in one process) never share
// settings. A rule's analyzer never returns an error, so a rule that
// fails (a panic: see runRule) costs only its own findings and facts;
// the others, and the suite's analyzer, run. Drivers print the findings
// of the analyzers they were given (roots), so the suite's analyzer is
// the one every driver runs; it re-reports the rules' findings, after
// the suite-wide policy — //ginctxlint:ignore directives, generated
// files — which the rules' analyzers applied through their Pass, and then
// the directives that suppressed nothing. Every driver therefore filters
// the same way: it is all inside the analyzers.
type suite struct {
	cfg   *Config
	model *analysis.Analyzer
	flow  *analysis.Analyzer   // the value flow, for the rules that read it
	rules []*analysis.Analyzer // parallel to cfg.rules
}

func newSuite(rules []*Rule, standalone bool) *suite {
	s := &suite{cfg: NewConfig(rules)}
	s.model = goroutine.NewAnalyzer(func() (goroutine.Config, bool) {
		if s.cfg.validate() != nil {
			return goroutine.Config{}, false
		}
		return s.cfg.ModelConfig(), true
	})
	s.flow = flow.NewAnalyzer(s.model, func() bool {
		for _, r := range rules {
			if r.Flow && s.cfg.Enabled(r.Name) {
				return true
			}
		}
		return false
	})
	for _, r := range rules {
		s.rules = append(s.rules, s.ruleAnalyzer(r, standalone))
	}
	return s
}

// NewAnalyzer returns the analyzer of a new suite of rules, named name:
// the one drivers run. It runs the enabled rules of rules on each
// package; its flags (-enable, -disable, -launchers, -context-types and
// each rule's options) bind to a Config owned by this suite alone.
func NewAnalyzer(name, doc string, rules ...*Rule) *analysis.Analyzer {
	s := newSuite(rules, false)
	a := &analysis.Analyzer{
		Name:     name,
		Doc:      doc,
		URL:      strings.TrimSuffix(DocURL, "#"),
		Requires: append([]*analysis.Analyzer{directivesAnalyzer, s.model}, s.rules...),
		Run:      s.run,
	}
	if len(rules) == 1 {
		a.URL = DocURL + rules[0].Name
	}
	s.cfg.RegisterFlags(&a.Flags)
	return a
}

// Analyzer returns the analyzer of r in a suite of its own, with its own
// configuration (its flags are the suite's): what the rule's tests run. It
// reports its findings itself, and the directives that name r and
// suppressed nothing, as the suite's analyzer would; its facts are its own,
// so analysistest checks them.
func (r *Rule) Analyzer() *analysis.Analyzer {
	s := newSuite([]*Rule{r}, true)
	a := s.rules[0]
	s.cfg.RegisterFlags(&a.Flags)
	return a
}

// Findings is the result of a rule's analyzer on one package: the
// findings that passed the suite's policy (see suite), in the order the
// rule reported them, and the directives that suppressed the others.
type Findings struct {
	Rule        string
	Diagnostics []analysis.Diagnostic
	used        map[*ignore]bool
}

// ruleAnalyzer returns r's analyzer in s. A standalone one (Rule.Analyzer)
// is a root: it reports what a suite's analyzer would have reported for it.
func (s *suite) ruleAnalyzer(r *Rule, standalone bool) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:       r.Name,
		Doc:        cmp.Or(r.Doc, r.Title, "the rule "+r.Name),
		URL:        DocURL + r.Name,
		Requires:   []*analysis.Analyzer{inspect.Analyzer, directivesAnalyzer, s.model},
		ResultType: reflect.TypeFor[*Findings](),
		FactTypes:  r.FactTypes,
	}
	if r.Flow {
		a.Requires = append(a.Requires, s.flow)
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := s.cfg.validate(); err != nil {
			if standalone {
				return nil, err
			}
			return &Findings{Rule: r.Name}, nil // the suite's analyzer says why
		}
		out := s.runRule(pass, r)
		if standalone {
			if f := modelFailure(pass, s.model); f != nil {
				pass.Report(*f)
			}
			for _, d := range out.Diagnostics {
				pass.Report(d)
			}
			if userCode(pass, s.model) {
				dirs := pass.ResultOf[directivesAnalyzer].(*directives)
				dirs.ignores.report(pass, s.cfg, dirs.hidden(s.cfg), func(d *ignore, _ string) bool { return out.used[d] })
			}
		}
		return out, nil
	}
	return a
}

// runRule runs r on the package of pass, if r is enabled and the package
// has a model (it is the user's code).
func (s *suite) runRule(pass *analysis.Pass, r *Rule) *Findings {
	out := &Findings{Rule: r.Name, used: map[*ignore]bool{}}
	res, _ := pass.ResultOf[s.model].(*goroutine.Result)
	if res == nil || res.Model == nil || !s.cfg.Enabled(r.Name) {
		return out
	}
	insp, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if insp == nil {
		insp = inspector.New(pass.Files)
	}
	p := &Pass{
		Rule:      r,
		Config:    s.cfg,
		Options:   s.cfg.options[r.Name],
		inspector: insp,
		model:     res.Model,
		dirs:      pass.ResultOf[directivesAnalyzer].(*directives),
		out:       out,
	}
	// The rule sees a copy of the pass whose Report goes through the
	// suite's policy too, should a helper call it directly; whose
	// ReadFile reads each file once (fixes are built from the file text,
	// several per file, and a driver's ReadFile may go to the disk every
	// time: a hot spot in profiles of code with many findings). The copy
	// is dropped with the rule's run, and the contents with it.
	cp := *pass
	cp.Report = func(d analysis.Diagnostic) { p.report(d, token.NoPos) }
	if pass.ReadFile != nil {
		cp.ReadFile = readOnce(pass.ReadFile)
	}
	p.Pass = &cp
	if r.Flow {
		p.flow, _ = pass.ResultOf[s.flow].(*flow.Result)
	}
	res.Model.Lock()
	defer res.Model.Unlock()
	if f := runRule(p); f != nil {
		// The other rules go on: an error returned by Run would make
		// every driver drop the findings and facts of all of them for
		// this package (and "failed prerequisites" for its importers) —
		// one bad loop in ill-typed code silenced six rules (issue 25).
		// The failure is a finding of its own, so that it is seen,
		// counted and reported.
		out.Diagnostics = append(out.Diagnostics, f.diagnostic(pass))
	}
	return out
}

// run is the suite's analyzer: it validates the configuration, then
// reports the model's failure if any, every rule's findings in the
// rules' order, and the directives that suppressed nothing.
func (s *suite) run(pass *analysis.Pass) (any, error) {
	if err := s.cfg.validate(); err != nil {
		return nil, err
	}
	if f := modelFailure(pass, s.model); f != nil {
		pass.Report(*f)
	}
	used := map[*ignore]map[string]bool{}
	for _, a := range s.rules {
		out, _ := pass.ResultOf[a].(*Findings)
		if out == nil {
			continue
		}
		for _, d := range out.Diagnostics {
			pass.Report(d)
		}
		for d := range out.used {
			if used[d] == nil {
				used[d] = map[string]bool{}
			}
			used[d][out.Rule] = true
		}
	}
	if !userCode(pass, s.model) {
		return nil, nil // no directives to judge either
	}
	dirs := pass.ResultOf[directivesAnalyzer].(*directives)
	dirs.ignores.report(pass, s.cfg, dirs.hidden(s.cfg), func(d *ignore, rule string) bool { return used[d][rule] })
	return nil, nil
}

// userCode reports whether the model analyzer took the package of pass
// for the user's code: the rules ran on it (or the model failed there).
func userCode(pass *analysis.Pass, model *analysis.Analyzer) bool {
	res, _ := pass.ResultOf[model].(*goroutine.Result)
	return res != nil && (res.Model != nil || res.Panic != nil)
}

// modelFailure is the model's panic on the package, as a finding.
func modelFailure(pass *analysis.Pass, model *analysis.Analyzer) *analysis.Diagnostic {
	res, _ := pass.ResultOf[model].(*goroutine.Result)
	if res == nil || res.Panic == nil {
		return nil
	}
	f := &failure{who: "the goroutine model", err: fmt.Errorf("%v", res.Panic), stack: framesOf(res.PCs)}
	if len(pass.Files) > 0 {
		f.pos = pass.Files[0].Package
	}
	d := f.diagnostic(pass)
	return &d
}

// directivesAnalyzer reads a package's //ginctxlint:ignore directives and
// finds its generated files, once for every rule of every suite: neither
// depends on a configuration.
var directivesAnalyzer = &analysis.Analyzer{
	Name:       "ignoredirectives",
	Doc:        "the //ginctxlint:ignore directives and the generated files of a package",
	ResultType: reflect.TypeFor[*directives](),
	Run: func(pass *analysis.Pass) (any, error) {
		return &directives{
			ignores:   collectIgnores(pass.Fset, pass.Files),
			generated: generatedFiles(pass.Fset, pass.Files),
		}, nil
	},
}

// directives is the directives analyzer's result. It is read, never
// written, by the analyzers that require it, which may run in parallel.
type directives struct {
	ignores   *ignores
	generated map[*token.File]bool // files with the "Code generated" comment
}

// hidden returns the files whose findings cfg drops: the generated ones,
// unless it asks for those.
func (d *directives) hidden(cfg *Config) map[*token.File]bool {
	if cfg.ReportGenerated() {
		return nil
	}
	return d.generated
}

// skip reports whether cfg drops a finding at pos, in a generated file.
func (d *directives) skip(fset *token.FileSet, cfg *Config, pos token.Pos) bool {
	return d.hidden(cfg)[fset.File(pos)]
}

// suppressing returns the directives that suppress a finding of rule at
// the positions (see ignores.suppressing).
func (d *directives) suppressing(fset *token.FileSet, rule string, positions ...token.Pos) []*ignore {
	return d.ignores.suppressing(fset, rule, positions...)
}

// ConfigOf returns the configuration bound to an analyzer made by
// NewAnalyzer or Rule.Analyzer, so that other drivers (the golangci-lint
// plugin, tests) can set it without going through flags. It returns nil
// for other analyzers.
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
