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
	a := analyzer.New()
	cfg := rule.ConfigOf(a)
	checkGenerated(t, "../README.md", map[string]string{
		"rules":     ruleTable(cfg.Rules()),
		"rule-docs": ruleDocs(cfg.Rules()),
		"flags":     flagTable(&a.Flags),
	})
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

func ruleDocs(rules []*rule.Rule) string {
	var b strings.Builder
	var p comment.Parser
	pr := comment.Printer{HeadingLevel: 4}
	for _, r := range rules {
		def := "on by default"
		if !r.Default {
			def = "off by default (-enable=" + r.Name + ")"
		}
		fmt.Fprintf(&b, "### %s\n\n_Since %s, %s._\n\n", r.Name, r.Since, def)
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
