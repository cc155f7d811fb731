package ruletest

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// A rule's testdata states, beside its findings and facts, the facts of
// the goroutine model about the same code — `// want f:"go\(runs param
// 0\)"`: which functions are goroutine wrappers and recover helpers is
// what the rule's verdicts rest on. Those facts belong to the model's
// analyzer (goroutine.NewAnalyzer), which the rule's analyzer Requires,
// and analysistest checks only the facts of the analyzer it runs. So
// each expectation is checked against the analyzer that exports it: the
// rule's run sees the testdata without the model's expectations, and,
// if there are any, the model's analyzer (the rule's own prerequisite,
// with the rule's configuration) runs over a copy that keeps only them.

// modelFact tells the model's facts from the rules' by their text:
// LauncherFact.String is "go(...)".
func modelFact(rx string) bool { return strings.HasPrefix(rx, `go\(`) }

// wantExpr matches one expectation of a `// want` comment: an optional
// fact name and a Go string literal.
var wantExpr = regexp.MustCompile("^\\s*(?:(\\w+):)?(`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\")")

// splitWant returns the expectations of a want comment's text (after
// "want") for the rule's run and for the model's.
func splitWant(text string) (rule, model []string, ok bool) {
	for strings.TrimSpace(text) != "" {
		if strings.HasPrefix(strings.TrimSpace(text), "//") {
			break // a comment after the expectations, as the Go scanner reads it
		}
		m := wantExpr.FindStringSubmatchIndex(text)
		if m == nil {
			return nil, nil, false // not a form this splits: leave it alone
		}
		expr := strings.TrimSpace(text[m[0]:m[1]])
		rx, err := strconv.Unquote(text[m[4]:m[5]])
		if err != nil {
			return nil, nil, false
		}
		if m[2] >= 0 && modelFact(rx) {
			model = append(model, expr)
		} else {
			rule = append(rule, expr)
		}
		text = text[m[1]:]
	}
	return rule, model, true
}

// rewrite writes src's text with each `// want` comment reduced to the
// expectations keep selects (the comment is dropped if none is left),
// keeping every line where it was. It reports whether the file had any
// model expectation.
func rewrite(src string, keepModel bool) (string, bool) {
	lines := strings.Split(src, "\n")
	any := false
	for i, line := range lines {
		at := strings.Index(line, "// want ")
		if at < 0 {
			continue
		}
		rule, model, ok := splitWant(line[at+len("// want "):])
		if !ok {
			if keepModel {
				lines[i] = strings.TrimRight(line[:at], " \t") // the rule's
			}
			continue
		}
		any = any || len(model) > 0
		keep := rule
		if keepModel {
			keep = model
		}
		head := strings.TrimRight(line[:at], " \t")
		if len(keep) > 0 {
			head = line[:at] + "// want " + strings.Join(keep, " ")
		}
		lines[i] = head
	}
	return strings.Join(lines, "\n"), any
}

// split returns a copy of dir for a's run and, if dir's expectations name
// model facts, a copy for the model's with the model's analyzer; else "",
// nil.
func split(t testing.TB, dir string, a *analysis.Analyzer) (ruleDir, modelDir string, model *analysis.Analyzer) {
	t.Helper()
	for _, req := range a.Requires {
		if req.Name == goroutine.AnalyzerName {
			model = req
		}
	}
	ruleDir = filepath.Join(t.TempDir(), "rule")
	modelDir = filepath.Join(t.TempDir(), "model")
	found := false
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			for _, to := range []string{ruleDir, modelDir} {
				if err := os.MkdirAll(filepath.Join(to, rel), 0o755); err != nil {
					return err
				}
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		forRule, forModel := string(data), string(data)
		if strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".golden") {
			var any bool
			forRule, any = rewrite(forRule, false)
			forModel, _ = rewrite(forModel, true)
			found = found || any
		}
		if err := os.WriteFile(filepath.Join(ruleDir, rel), []byte(forRule), 0o644); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(modelDir, rel), []byte(forModel), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found || model == nil {
		return ruleDir, "", nil
	}
	return ruleDir, modelDir, model
}

// RunDir is analysistest.Run of a rule's analyzer over dir (a GOPATH-style
// tree or a module), each expectation checked against the analyzer that
// exports it (see split).
func RunDir(t *testing.T, dir string, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	ruleDir, modelDir, model := split(t, dir, a)
	if model != nil {
		analysistest.Run(t, modelDir, model, pkgs...)
	}
	return analysistest.Run(t, ruleDir, a, pkgs...)
}

// RunDirWithSuggestedFixes is RunDir with analysistest.RunWithSuggestedFixes
// for the rule.
func RunDirWithSuggestedFixes(t *testing.T, dir string, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	ruleDir, modelDir, model := split(t, dir, a)
	if model != nil {
		analysistest.Run(t, modelDir, model, pkgs...)
	}
	return analysistest.RunWithSuggestedFixes(t, ruleDir, a, pkgs...)
}
