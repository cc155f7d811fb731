package rule

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// IgnoreDirective is the comment that suppresses findings:
//
//	//ginctxlint:ignore <rule>[,<rule>...] <reason>
//
// on the line of a finding, or on the line above it; for a finding inside
// a goroutine, also on the line of the goroutine's launch (the go
// statement), or above it (Pass.ReportIn).
const IgnoreDirective = "//ginctxlint:ignore"

// IgnoreCategory is the category (and message prefix) of the diagnostics
// about the directives themselves: malformed, naming an unknown rule, or
// suppressing nothing.
const IgnoreCategory = "ignore"

// An ignore is one //ginctxlint:ignore comment of the package.
type ignore struct {
	pos, end token.Pos
	file     *token.File
	line     int
	rules    []string
	reason   string
}

// ignores holds the directives of one package, read once by the suite's
// directives analyzer and never changed after: each rule's analyzer
// records which directives suppressed its findings in its own Findings,
// and the suite's analyzer, which runs after every rule, judges the
// unused ones. Suppression and the unused-directive check are thus the
// same in every driver (singlechecker, go vet, golangci-lint, the
// language server): each runs the same analyzers on a package.
type ignores struct {
	byLine map[lineKey][]*ignore
	all    []*ignore
}

type lineKey struct {
	file *token.File
	line int
}

// collectIgnores finds the directives in files. Lines are unadjusted
// (//line directives are ignored) because findings and comments are
// compared in the same file.
func collectIgnores(fset *token.FileSet, files []*ast.File) *ignores {
	ig := &ignores{byLine: map[lineKey][]*ignore{}}
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, ok := strings.CutPrefix(c.Text, IgnoreDirective)
				if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
					continue // not ours, or //ginctxlint:ignorefoo
				}
				tf := fset.File(c.Pos())
				if tf == nil {
					continue
				}
				d := &ignore{pos: c.Pos(), end: c.End(), file: tf, line: tf.Line(c.Pos())}
				fields := strings.Fields(rest)
				if len(fields) > 0 {
					for _, r := range strings.Split(fields[0], ",") {
						if r = strings.TrimSpace(r); r != "" {
							d.rules = append(d.rules, r)
						}
					}
					d.reason = strings.Join(fields[1:], " ")
				}
				ig.all = append(ig.all, d)
				k := lineKey{tf, d.line}
				ig.byLine[k] = append(ig.byLine[k], d)
			}
		}
	}
	return ig
}

// suppressing returns the well-formed directives on the line of one of
// positions (the finding's, the launch of the goroutine it is in), or on
// the line above, that name rule: the finding is suppressed if there is
// one, and each of them counts as used, so that a directive on the launch
// and another on the finding's line are both judged used.
func (ig *ignores) suppressing(fset *token.FileSet, rule string, positions ...token.Pos) []*ignore {
	if ig == nil || len(ig.all) == 0 {
		return nil
	}
	var found []*ignore
	for _, pos := range positions {
		tf := fset.File(pos)
		if !pos.IsValid() || tf == nil {
			continue
		}
		line := tf.Line(pos)
		for _, l := range []int{line, line - 1} {
			for _, d := range ig.byLine[lineKey{tf, l}] {
				if d.reason != "" && slices.Contains(d.rules, rule) {
					found = append(found, d)
				}
			}
		}
	}
	return found
}

// report reports the directives that are malformed, name an unknown rule,
// or suppressed nothing: used says whether a directive suppressed a
// finding of a rule. A directive is judged unused only for rules that
// ran: a directive for a disabled rule is not stale, it waits for the
// rule to be turned on again.
func (ig *ignores) report(pass *analysis.Pass, cfg *Config, generated map[*token.File]bool, used func(*ignore, string) bool) {
	if ig == nil {
		return
	}
	known := cfg.RuleNames()
	for _, d := range ig.all {
		if generated[d.file] {
			continue // as for findings: nobody edits a generated file by hand
		}
		diag := analysis.Diagnostic{Pos: d.pos, End: d.end, Category: IgnoreCategory, URL: DocURL + "suppressing-findings"}
		var unknown, unused []string
		for _, r := range d.rules {
			switch {
			case !slices.Contains(known, r):
				unknown = append(unknown, r)
			case cfg.Enabled(r) && !used(d, r):
				unused = append(unused, r)
			}
		}
		switch {
		case len(d.rules) == 0:
			diag.Message = "ginctxlint: malformed ignore directive: want //ginctxlint:ignore <rule>[,<rule>] <reason>"
		case len(unknown) > 0:
			sorted := slices.Clone(known)
			sort.Strings(sorted)
			diag.Message = fmt.Sprintf("ginctxlint: ignore directive names unknown rule %s (rules: %s)", quoteAll(unknown), strings.Join(sorted, ", "))
		case d.reason == "":
			// Without a reason the directive suppresses nothing: a
			// reviewer must be able to see why the finding is wrong.
			diag.Message = fmt.Sprintf("ginctxlint: ignore directive for %s needs a reason: //ginctxlint:ignore %s <why this finding is wrong here>", strings.Join(d.rules, ","), strings.Join(d.rules, ","))
		case len(unused) > 0:
			diag.Message = fmt.Sprintf("ginctxlint: unused ignore directive: no %s finding on this line or the next; remove it", strings.Join(unused, " or "))
			if len(unused) == len(d.rules) {
				// Removing a comment cannot change behaviour; a directive
				// still used for another rule is left to the user to edit.
				if fix, ok := removeComment(pass, d); ok {
					diag.SuggestedFixes = []analysis.SuggestedFix{fix}
				}
			}
		default:
			continue
		}
		pass.Report(diag)
	}
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// removeComment deletes the directive: its whole line if it stands alone,
// else the comment and the blanks before it, so that no trailing space is
// left behind.
func removeComment(pass *analysis.Pass, d *ignore) (analysis.SuggestedFix, bool) {
	content, err := pass.ReadFile(d.file.Name())
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	start, end := d.file.Offset(d.pos), d.file.Offset(d.end)
	if end > len(content) || start > end {
		return analysis.SuggestedFix{}, false
	}
	for start > 0 && (content[start-1] == ' ' || content[start-1] == '\t') {
		start--
	}
	if (start == 0 || content[start-1] == '\n') && end < len(content) && content[end] == '\n' {
		end++ // a line of its own
	}
	return analysis.SuggestedFix{
		Message:   "Remove the unused ignore directive",
		TextEdits: []analysis.TextEdit{{Pos: d.file.Pos(start), End: d.file.Pos(end)}},
	}, true
}
