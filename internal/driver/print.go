package driver

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// A finding is one diagnostic of a root package, with its positions
// resolved, so that the copies reported by a package and its test variant
// (pkg and pkg [pkg.test] type-check the same files) compare equal.
type finding struct {
	pkg      string // the ID of the first package that reported it
	analyzer string
	diag     analysis.Diagnostic
	fset     *token.FileSet
	posn     token.Position
	end      token.Position
}

type findingKey struct {
	posn, end token.Position
	analyzer  string
	message   string
}

// findings returns the diagnostics of g's root actions, each once, sorted
// by position (file, line, column), as go vet and staticcheck print them.
// A diagnostic reported by several packages is kept for the package whose
// ID sorts first: "pkg" before "pkg [pkg.test]".
func findings(g *checker.Graph) []finding {
	var all []finding
	for act := range g.All() {
		if !act.IsRoot || act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			all = append(all, finding{
				pkg: act.Package.ID, analyzer: act.Analyzer.Name, diag: d, fset: fset,
				posn: fset.Position(d.Pos), end: fset.Position(cmp.Or(d.End, d.Pos)),
			})
		}
	}
	slices.SortStableFunc(all, func(a, b finding) int {
		return cmp.Or(
			strings.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			strings.Compare(a.diag.Category, b.diag.Category),
			strings.Compare(a.diag.Message, b.diag.Message),
			strings.Compare(a.pkg, b.pkg),
		)
	})
	seen := map[findingKey]bool{}
	out := all[:0]
	for _, f := range all {
		k := findingKey{f.posn, f.end, f.analyzer, f.diag.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// printText prints g's errors, then its findings sorted by position, as
// checker.Graph.PrintText prints them (with contextLines of source around
// each position if it is not negative); PrintText groups them by package
// and by the order the rules ran in.
func printText(w io.Writer, g *checker.Graph, contextLines int) error {
	var buf bytes.Buffer
	for _, act := range actions(g) {
		if act.Err != nil {
			fmt.Fprintf(&buf, "%s: %v\n", act.Analyzer.Name, act.Err)
		}
	}
	for _, f := range findings(g) {
		printPlain(&buf, f.fset, contextLines, f.diag)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// printPlain is the go/analysis drivers' text form of one diagnostic
// (x/tools' internal driverutil.PrintPlain).
func printPlain(out io.Writer, fset *token.FileSet, contextLines int, diag analysis.Diagnostic) {
	print := func(pos, end token.Pos, message string) {
		posn := fset.Position(pos)
		fmt.Fprintf(out, "%s: %s\n", posn, message)
		if contextLines < 0 {
			return
		}
		endPosn := fset.Position(end)
		if !endPosn.IsValid() {
			endPosn = posn
		}
		data, _ := os.ReadFile(posn.Filename)
		lines := strings.Split(string(data), "\n")
		for i := posn.Line - contextLines; i <= endPosn.Line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(out, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	print(diag.Pos, diag.End, diag.Message)
	for _, rel := range diag.Related {
		print(rel.Pos, rel.End, "\t"+rel.Message)
	}
}

// The -json schema of the go/analysis drivers (x/tools' internal
// driverutil.JSONTree): package ID → analyzer → diagnostics, or an error.
type (
	jsonTextEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonSuggestedFix struct {
		Message string         `json:"message"`
		Edits   []jsonTextEdit `json:"edits"`
	}
	jsonDiagnostic struct {
		Category       string             `json:"category,omitempty"`
		Posn           string             `json:"posn"`
		End            string             `json:"end"`
		Message        string             `json:"message"`
		SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated      `json:"related,omitempty"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// printJSON prints g as checker.Graph.PrintJSON does — the errors of every
// package, the diagnostics of the roots — except that a diagnostic is
// listed once, under the first package that reported it (see findings),
// where PrintJSON lists it again under each test variant: a CI step that
// counts findings counts each once.
func printJSON(w io.Writer, g *checker.Graph) error {
	tree := map[string]map[string]any{}
	add := func(pkg, analyzer string, v any) {
		m := tree[pkg]
		if m == nil {
			m = map[string]any{}
			tree[pkg] = m
		}
		m[analyzer] = v
	}
	for _, act := range actions(g) {
		if act.Err != nil {
			add(act.Package.ID, act.Analyzer.Name, jsonError{act.Err.Error()})
		}
	}
	for _, f := range findings(g) {
		m := tree[f.pkg]
		list, _ := m[f.analyzer].([]jsonDiagnostic)
		add(f.pkg, f.analyzer, append(list, toJSON(f.fset, f.diag)))
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func toJSON(fset *token.FileSet, d analysis.Diagnostic) jsonDiagnostic {
	var fixes []jsonSuggestedFix
	for _, fix := range d.SuggestedFixes {
		var edits []jsonTextEdit
		for _, e := range fix.TextEdits {
			edits = append(edits, jsonTextEdit{
				Filename: fset.Position(e.Pos).Filename,
				Start:    fset.Position(e.Pos).Offset,
				End:      fset.Position(e.End).Offset,
				New:      string(e.NewText),
			})
		}
		fixes = append(fixes, jsonSuggestedFix{Message: fix.Message, Edits: edits})
	}
	var related []jsonRelated
	for _, r := range d.Related {
		related = append(related, jsonRelated{
			Posn:    fset.Position(r.Pos).String(),
			End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
			Message: r.Message,
		})
	}
	return jsonDiagnostic{
		Category:       d.Category,
		Posn:           fset.Position(d.Pos).String(),
		End:            fset.Position(cmp.Or(d.End, d.Pos)).String(),
		Message:        d.Message,
		SuggestedFixes: fixes,
		Related:        related,
	}
}

// actions returns the actions of g, each after its dependencies, as the
// checker's printers visit them.
func actions(g *checker.Graph) []*checker.Action {
	var out []*checker.Action
	seen := map[*checker.Action]bool{}
	var visit func([]*checker.Action)
	visit = func(acts []*checker.Action) {
		for _, act := range acts {
			if !seen[act] {
				seen[act] = true
				visit(act.Deps)
				out = append(out, act)
			}
		}
	}
	visit(g.Roots)
	return out
}
