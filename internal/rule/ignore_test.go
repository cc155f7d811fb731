package rule_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// goStmtRule reports every go statement, so that the tests below control
// exactly where findings are.
func goStmtRule(name string, dflt bool) *rule.Rule {
	return &rule.Rule{
		Name:    name,
		Title:   "every go statement",
		Doc:     "reports every go statement",
		Default: dflt,
		Run: func(p *rule.Pass) error {
			for _, f := range p.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if g, ok := n.(*ast.GoStmt); ok {
						p.Reportf(analysis.Range(g), "go statement")
					}
					return true
				})
			}
			return nil
		},
	}
}

// insideRule reports every call in the body of a go statement's literal,
// with ReportIn: a finding inside the goroutine.
func insideRule(name string) *rule.Rule {
	return &rule.Rule{
		Name:    name,
		Title:   "every call inside a goroutine",
		Doc:     "reports every call inside a goroutine",
		Default: true,
		Run: func(p *rule.Pass) error {
			for _, f := range p.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					g, ok := n.(*ast.GoStmt)
					if !ok {
						return true
					}
					if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
						ast.Inspect(lit.Body, func(n ast.Node) bool {
							if call, ok := n.(*ast.CallExpr); ok {
								p.ReportIn(g, analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: "call"})
							}
							return true
						})
					}
					return true
				})
			}
			return nil
		},
	}
}

// TestIgnoreLaunch: a directive on the line of a go statement, or above
// it, suppresses the findings inside the goroutine (ReportIn), and only
// those.
func TestIgnoreLaunch(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "on the go line",
			src: `
	go func() { //ginctxlint:ignore inside f returns at once
		f()
		f()
	}()`,
		},
		{
			name: "above the go line",
			src: `
	//ginctxlint:ignore inside f returns at once
	go func() {
		f()
	}()`,
		},
		{
			name: "on the finding's line still",
			src: `
	go func() {
		f() //ginctxlint:ignore inside f returns at once
	}()`,
		},
		{
			name: "both are used",
			src: `
	go func() { //ginctxlint:ignore inside f returns at once
		f() //ginctxlint:ignore inside f returns at once
	}()`,
		},
		{
			name: "another goroutine is not covered",
			src: `
	go func() { //ginctxlint:ignore inside f returns at once
		f()
	}()
	go func() {
		f()
	}()`,
			want: []string{"8: inside: call"},
		},
		{
			name: "a goroutine without findings: unused",
			src: `
	go func() { //ginctxlint:ignore inside f returns at once
	}()`,
			want: []string{"4: ginctxlint: unused ignore directive: no inside finding on this line or the next; remove it"},
		},
		{
			name: "another rule's directive",
			src: `
	go func() { //ginctxlint:ignore gostmt f returns at once
		f()
	}()`,
			want: []string{"5: inside: call"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := rule.NewAnalyzer("ginctxlint", "test", insideRule("inside"), goStmtRule("gostmt", true))
			src := "package p\n\nfunc g() {" + tc.src + "\n}\n\nfunc f() {}\n"
			var got []string
			for _, d := range run(t, a, src) {
				if !strings.HasSuffix(d, "gostmt: go statement") {
					got = append(got, d)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("source:\n%s\ngot:\n\t%s\nwant:\n\t%s", src, strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// The analysistest "// want" convention cannot express these cases: a
// "// want" after a directive would become part of its reason. So each
// case lists its diagnostics as "line: message" instead.
func TestIgnore(t *testing.T) {
	for _, tc := range []struct {
		name    string
		enable  []string
		src     string
		want    []string
		wantNot []string
	}{
		{
			name: "same line",
			src: `
	go f() //ginctxlint:ignore gostmt f returns at once`,
		},
		{
			name: "line above",
			src: `
	//ginctxlint:ignore gostmt f returns at once
	go f()`,
		},
		{
			name: "two lines above is too far",
			src: `
	//ginctxlint:ignore gostmt f returns at once

	go f()`,
			want: []string{
				"4: ginctxlint: unused ignore directive: no gostmt finding on this line or the next; remove it",
				"6: gostmt: go statement",
			},
		},
		{
			name: "suppresses only its own line",
			src: `
	//ginctxlint:ignore gostmt f returns at once
	go f()
	go f()`,
			want: []string{"6: gostmt: go statement"},
		},
		{
			name: "reason required",
			src: `
	go f() //ginctxlint:ignore gostmt`,
			want: []string{
				"4: ginctxlint: ignore directive for gostmt needs a reason: //ginctxlint:ignore gostmt <why this finding is wrong here>",
				"4: gostmt: go statement",
			},
		},
		{
			name: "malformed",
			src: `
	go f() //ginctxlint:ignore`,
			want: []string{
				"4: ginctxlint: malformed ignore directive: want //ginctxlint:ignore <rule>[,<rule>] <reason>",
				"4: gostmt: go statement",
			},
		},
		{
			name: "unknown rule",
			src: `
	go f() //ginctxlint:ignore gostmnt typo`,
			want: []string{
				`4: ginctxlint: ignore directive names unknown rule "gostmnt" (rules: gostmt, other)`,
				"4: gostmt: go statement",
			},
		},
		{
			name: "unused",
			src: `
	//ginctxlint:ignore gostmt no longer needed
	f()`,
			want: []string{"4: ginctxlint: unused ignore directive: no gostmt finding on this line or the next; remove it"},
		},
		{
			// A disabled rule found nothing because it did not run: its
			// directive is not stale.
			name: "disabled rule is not unused",
			src: `
	//ginctxlint:ignore other waits for the rule to be enabled
	f()`,
		},
		{
			name:   "enabled rule is unused",
			enable: []string{"other"},
			src: `
	//ginctxlint:ignore other no longer needed
	f()`,
			want: []string{"4: ginctxlint: unused ignore directive: no other finding on this line or the next; remove it"},
		},
		{
			name: "list with a disabled rule",
			src: `
	go f() //ginctxlint:ignore gostmt,other f returns at once`,
		},
		{
			name:   "list with both rules enabled",
			enable: []string{"other"},
			src: `
	go f() //ginctxlint:ignore gostmt,other f returns at once`,
		},
		{
			name:   "list, one rule unused",
			enable: []string{"other"},
			src: `
	go f() //ginctxlint:ignore gostmt f returns at once
	//ginctxlint:ignore gostmt,other f returns at once
	f()`,
			want: []string{
				"4: other: go statement",
				"5: ginctxlint: unused ignore directive: no gostmt or other finding on this line or the next; remove it",
			},
		},
		{
			name: "not a directive",
			src: `
	go f() //ginctxlint:ignored gostmt not ours`,
			want: []string{"4: gostmt: go statement"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := rule.NewAnalyzer("ginctxlint", "test", goStmtRule("gostmt", true), goStmtRule("other", false))
			rule.ConfigOf(a).Enable(tc.enable...)
			src := "package p\n\nfunc g() {" + tc.src + "\n}\n\nfunc f() {}\n"
			got := run(t, a, src)
			if !slices.Equal(got, tc.want) {
				t.Errorf("source:\n%s\ngot:\n\t%s\nwant:\n\t%s", src, strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

func TestIgnoreCategory(t *testing.T) {
	a := rule.NewAnalyzer("ginctxlint", "test", goStmtRule("gostmt", true))
	diags := analyze(t, a, "package p\n\n//ginctxlint:ignore gostmt stale\nfunc f() {}\n")
	if len(diags) != 1 || diags[0].Category != rule.IgnoreCategory || diags[0].URL != rule.DocURL+"suppressing-findings" {
		t.Fatalf("got %+v, want one diagnostic with category %q and the README URL", diags, rule.IgnoreCategory)
	}
}

// run analyzes src as the only file of a package and returns its
// diagnostics as "line: message", sorted by line then message.
func run(t *testing.T, a *analysis.Analyzer, src string) []string {
	t.Helper()
	var out []string
	for _, d := range analyze(t, a, src) {
		out = append(out, fmt.Sprintf("%d: %s", d.line, d.Message))
	}
	slices.Sort(out)
	return out
}

type diag struct {
	analysis.Diagnostic
	line    int
	offsets func(token.Pos) int // byte offset in the file
}

func analyze(t *testing.T, a *analysis.Analyzer, src string) []diag {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{"go.mod": "module p\n\ngo 1.25\n", "p.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("package has errors")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []diag
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatal(act.Err)
		}
		for _, d := range act.Diagnostics {
			fset := act.Package.Fset
			out = append(out, diag{d, fset.Position(d.Pos).Line, func(p token.Pos) int { return fset.Position(p).Offset }})
		}
	}
	return out
}

func TestIgnoreFix(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{
			name: "own line",
			src:  "package p\n\nfunc f() {\n\t//ginctxlint:ignore gostmt stale\n\tprintln()\n}\n",
			want: "package p\n\nfunc f() {\n\tprintln()\n}\n",
		},
		{
			name: "trailing",
			src:  "package p\n\nfunc f() {\n\tprintln() //ginctxlint:ignore gostmt stale\n}\n",
			want: "package p\n\nfunc f() {\n\tprintln()\n}\n",
		},
		{
			// The directive is still needed for gostmt: no fix.
			name: "partly used",
			src:  "package p\n\nfunc f() {\n\tgo f() //ginctxlint:ignore gostmt,quiet f returns at once\n}\n",
			want: "package p\n\nfunc f() {\n\tgo f() //ginctxlint:ignore gostmt,quiet f returns at once\n}\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			quiet := &rule.Rule{Name: "quiet", Default: true, Run: func(*rule.Pass) error { return nil }}
			a := rule.NewAnalyzer("ginctxlint", "test", goStmtRule("gostmt", true), quiet)
			diags := analyze(t, a, tc.src)
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1 (the unused directive)", len(diags))
			}
			got := []byte(tc.src)
			for _, fix := range diags[0].SuggestedFixes {
				// One edit per fix: apply by offset.
				for _, e := range fix.TextEdits {
					start, end := diags[0].offsets(e.Pos), diags[0].offsets(e.End)
					got = append(got[:start:start], append([]byte(string(e.NewText)), got[end:]...)...)
				}
			}
			if string(got) != tc.want {
				t.Errorf("after the fix:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
