package analyzer_test

import (
	"flag"
	"fmt"
	"go/doc/comment"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

var update = flag.Bool("update", false, "rewrite the generated sections of README.md, docs/rules and the example configurations")

// TestREADME checks that the generated parts of README.md — the rule
// table, each rule's WRONG/RIGHT example and the flag table — match the
// code: examples come from each rule's doc.go, flags from the analyzer's
// flag set. Run `go test ./analyzer -run README -update` after changing
// either (it also rewrites docs/rules, see TestREADMERuleDocs).
func TestREADME(t *testing.T) {
	a := analyzer.New()
	cfg := rule.ConfigOf(a)
	examples, err := ruleExamples(cfg.Rules())
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, "../README.md", map[string]string{
		"rules":         ruleTable(cfg.Rules()),
		"rule-examples": examples,
		"flags":         flagTable(&a.Flags),
	})
	// What a newcomer reads in five minutes; the rest is in docs/.
	if data, err := os.ReadFile("../README.md"); err == nil && len(data) > 20<<10 {
		t.Errorf("README.md is %d bytes: keep it under 20 KB (move detail to docs/)", len(data))
	}
}

// TestREADMERuleDocs checks docs/rules/<rule>.md, each rule's whole
// documentation from its doc.go (the same -update rewrites them), and
// that no file documents a rule that is not registered.
func TestREADMERuleDocs(t *testing.T) {
	rules := rule.ConfigOf(analyzer.New()).Rules()
	want := map[string]bool{}
	for _, r := range rules {
		path := "../docs/rules/" + r.Name + ".md"
		want[path] = true
		old, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err != nil && *update {
			if err := os.MkdirAll("../docs/rules", 0o755); err != nil {
				t.Fatal(err)
			}
		}
		write(t, path, string(old), ruleDoc(r))
	}
	files, _ := filepath.Glob("../docs/rules/*.md")
	for _, f := range files {
		if !want[f] {
			t.Errorf("%s documents no registered rule: remove it", f)
		}
	}
}

// TestREADMEExampleConfig checks the list of rule IDs in the example
// configurations, golangci-lint's and .ginctxlint.yml (the same -update
// rewrites them).
func TestREADMEExampleConfig(t *testing.T) {
	re := regexp.MustCompile(`(?m)^(\s*# Rule IDs: ).*$`)
	for _, path := range []string{"../.golangci.example.yml", "../.ginctxlint.example.yml"} {
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !re.Match(old) {
			t.Fatalf("%s has no \"# Rule IDs: \" line", path)
		}
		updated := re.ReplaceAllString(string(old), "${1}"+strings.Join(rule.ConfigOf(analyzer.New()).RuleNames(), ", ")+".")
		write(t, path, string(old), updated)
	}
}

// checkGenerated replaces each "<!-- BEGIN GENERATED name -->" section of
// the file at path with its body.
func checkGenerated(t *testing.T, path string, sections map[string]string) {
	t.Helper()
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	updated := string(old)
	for name, body := range sections {
		re := regexp.MustCompile(`(?s)(<!-- BEGIN GENERATED ` + name + ` -->\n).*?(<!-- END GENERATED ` + name + ` -->)`)
		if !re.MatchString(updated) {
			t.Fatalf("%s has no generated section %q", path, name)
		}
		updated = re.ReplaceAllLiteralString(updated, "<!-- BEGIN GENERATED "+name+" -->\n"+body+"<!-- END GENERATED "+name+" -->")
	}
	write(t, path, string(old), updated)
}

// write writes updated to path under -update, or fails if it differs from
// old.
func write(t *testing.T, path, old, updated string) {
	t.Helper()
	if updated == old {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the rules' doc.go or the flags; run: go test ./analyzer -run README -update", path)
}

func ruleTable(rules []*rule.Rule) string {
	var b strings.Builder
	b.WriteString("| rule | default | since | finds |\n|---|---|---|---|\n")
	for _, r := range rules {
		def := "on"
		if !r.Default {
			def = "off"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.Name, r.Name, def, r.Since, r.Title)
	}
	return b.String()
}

// ruleDoc is docs/rules/<rule>.md: the rule's documentation from its
// doc.go.
func ruleDoc(r *rule.Rule) string {
	var b strings.Builder
	var p comment.Parser
	pr := comment.Printer{HeadingLevel: 2}
	fmt.Fprintf(&b, "<!-- Generated from analyzer/%s/doc.go by go test ./analyzer -run README -update; edit that file. -->\n\n", r.Name)
	fmt.Fprintf(&b, "# %s\n\n_%s; %s._\n\n", r.Name, r.Title, status(r))
	b.Write(pr.Markdown(p.Parse(r.Doc)))
	return b.String()
}

// status says whether r is on by default, and since when.
func status(r *rule.Rule) string {
	if r.Default {
		return "on by default, since " + r.Since
	}
	return "off by default (-enable=" + r.Name + "), since " + r.Since
}

// ruleExamples is the README's section per rule: its title, one WRONG and
// one RIGHT example from its doc, and a link to its whole documentation.
// The README keeps a heading per rule: diagnostics link to it (rule.DocURL).
func ruleExamples(rules []*rule.Rule) (string, error) {
	var b strings.Builder
	for _, r := range rules {
		wrong, right, err := examples(r.Doc)
		if err != nil {
			return "", fmt.Errorf("rule %s: %v", r.Name, err)
		}
		fmt.Fprintf(&b, "### %s\n\n%s: %s; %s. The whole rule: [docs/rules/%s.md](docs/rules/%s.md).\n\n", r.Name, r.Name, r.Title, status(r), r.Name, r.Name)
		for _, ex := range []example{wrong, right} {
			fmt.Fprintf(&b, "%s\n\n```go\n%s```\n\n", ex.label, ex.code)
		}
	}
	return b.String(), nil
}

type example struct{ label, code string }

// examples returns the first WRONG example of a rule's doc and the RIGHT
// one after it: a code block after a paragraph that starts with WRONG (or
// RIGHT), or that says so in a comment.
func examples(doc string) (wrong, right example, err error) {
	var p comment.Parser
	var pr comment.Printer
	d := p.Parse(doc)
	find := func(from int, word string) (example, int) {
		for i := from; i < len(d.Content); i++ {
			code, ok := d.Content[i].(*comment.Code)
			if !ok {
				continue
			}
			label := ""
			if i > 0 {
				if para, ok := d.Content[i-1].(*comment.Paragraph); ok {
					text := strings.TrimSpace(string(pr.Text(&comment.Doc{Content: []comment.Block{para}})))
					if strings.HasPrefix(text, word) {
						label = strings.Join(strings.Fields(text), " ")
					}
				}
			}
			if label == "" && strings.Contains(code.Text, word) {
				label = word + ":"
			}
			if label != "" {
				return example{label, code.Text}, i
			}
		}
		return example{}, -1
	}
	wrong, i := find(0, "WRONG")
	if i < 0 {
		return wrong, right, fmt.Errorf("no WRONG example")
	}
	right, j := find(i+1, "RIGHT")
	if j < 0 {
		return wrong, right, fmt.Errorf("no RIGHT example after the WRONG one")
	}
	return wrong, right, nil
}

func flagTable(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("| flag | meaning |\n|---|---|\n")
	for _, n := range names {
		f := fs.Lookup(n)
		usage := strings.ReplaceAll(f.Usage, "|", `\|`)
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (default `%s`)", f.DefValue)
		}
		fmt.Fprintf(&b, "| `-%s` | %s |\n", n, usage)
	}
	return b.String()
}
