package analyzer_test

import (
	"flag"
	"fmt"
	"go/doc/comment"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

var update = flag.Bool("update", false, "rewrite the generated sections of README.md")

// TestREADME checks that the generated parts of README.md — the rule
// table, each rule's documentation and the flag table — match the code:
// rule docs come from each rule's doc.go, flags from the analyzer's flag
// set. Run `go test ./analyzer -run README -update` after changing either.
func TestREADME(t *testing.T) {
	const path = "../README.md"
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer.New()
	cfg := rule.ConfigOf(a)
	sections := map[string]string{
		"rules":     ruleTable(cfg.Rules()),
		"rule-docs": ruleDocs(cfg.Rules()),
		"flags":     flagTable(&a.Flags),
	}
	updated := string(old)
	for name, body := range sections {
		re := regexp.MustCompile(`(?s)(<!-- BEGIN GENERATED ` + name + ` -->\n).*?(<!-- END GENERATED ` + name + ` -->)`)
		if !re.MatchString(updated) {
			t.Fatalf("README.md has no generated section %q", name)
		}
		updated = re.ReplaceAllLiteralString(updated, "<!-- BEGIN GENERATED "+name+" -->\n"+body+"<!-- END GENERATED "+name+" -->")
	}
	if updated == string(old) {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md is out of date with the rules' doc.go or the flags; run: go test ./analyzer -run README -update")
}

func ruleTable(rules []*rule.Rule) string {
	var b strings.Builder
	b.WriteString("| rule | default | finds |\n|---|---|---|\n")
	for _, r := range rules {
		def := "on"
		if !r.Default {
			def = "off"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r.Name, r.Name, def, r.Title)
	}
	return b.String()
}

func ruleDocs(rules []*rule.Rule) string {
	var b strings.Builder
	var p comment.Parser
	pr := comment.Printer{HeadingLevel: 4}
	for _, r := range rules {
		fmt.Fprintf(&b, "### %s\n\n", r.Name)
		b.Write(pr.Markdown(p.Parse(r.Doc)))
		b.WriteString("\n")
	}
	return b.String()
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
