package analyzer_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

// TestRegistry checks what every rule of the registry must carry, and
// that every rule package under analyzer/ is in it: a rule cannot ship
// half-registered.
func TestRegistry(t *testing.T) {
	id := regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	since := regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
	var names []string
	for _, r := range analyzer.Rules() {
		switch {
		case !id.MatchString(r.Name):
			t.Errorf("rule ID %q: want lower-case letters and digits", r.Name)
		case slices.Contains(names, r.Name):
			t.Errorf("rule ID %q registered twice", r.Name)
		}
		names = append(names, r.Name)
		if r.Title == "" || strings.HasSuffix(r.Title, ".") {
			t.Errorf("rule %s: title %q: want a phrase without a final period", r.Name, r.Title)
		}
		if !strings.Contains(r.Doc, "WRONG") || !strings.Contains(r.Doc, "RIGHT") {
			t.Errorf("rule %s: doc has no WRONG/RIGHT example", r.Name)
		}
		if !since.MatchString(r.Since) {
			t.Errorf("rule %s: Since %q: want the release it first shipped in, like v0.1.0", r.Name, r.Since)
		}
		if r.Run == nil {
			t.Errorf("rule %s has no Run", r.Name)
		}
		if _, err := os.Stat(filepath.Join(r.Name, "doc.go")); err != nil {
			t.Errorf("rule %s: want its package at analyzer/%s with a doc.go: %v", r.Name, r.Name, err)
		}
	}
	docs, _ := filepath.Glob("*/doc.go")
	for _, d := range docs {
		if pkg := filepath.Dir(d); !slices.Contains(names, pkg) {
			t.Errorf("analyzer/%s looks like a rule package but is not in analyzer.Rules()", pkg)
		}
	}
}

// TestDocsNameRules checks that the rule IDs used in the configuration
// examples (rules[].name and disable: [...] in YAML; linters.enable names linters) are rules of the registry.
func TestDocsNameRules(t *testing.T) {
	names := map[string]bool{}
	for _, r := range analyzer.Rules() {
		names[r.Name] = true
	}
	re := regexp.MustCompile(`-\s+name:\s+(\w+)|disable:\s+\[(\w+)\]`)
	for _, path := range []string{"../.golangci.example.yml", "../docs/golangci-lint.md", "../plugin/plugin.go", "../README.md"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			if n := m[1] + m[2]; !names[n] {
				t.Errorf("%s names rule %q, which is not in analyzer.Rules()", path, n)
			}
		}
	}
}

// TestSinceIsARelease: a rule's Since names a release of CHANGELOG.md,
// and the releases it lists as made are tags of the repository (when git
// can tell), the others marked unreleased: the README and SARIF never name
// a release that does not exist without saying so.
func TestSinceIsARelease(t *testing.T) {
	data, err := os.ReadFile("../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`(?m)^## (v\d+\.\d+\.\d+)(.*)$`)
	released := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(data), -1) {
		released[m[1]] = !strings.Contains(m[2], "unreleased")
	}
	if len(released) == 0 {
		t.Fatal("CHANGELOG.md has no release heading (## vX.Y.Z)")
	}
	for _, r := range analyzer.Rules() {
		if _, ok := released[r.Since]; !ok {
			t.Errorf("rule %s: Since %q is not a release of CHANGELOG.md", r.Name, r.Since)
		}
	}
	out, err := exec.Command("git", "tag", "--list", "v*").Output()
	if err != nil {
		t.Logf("git tag: %v; releases not checked against tags", err)
		return
	}
	tags := strings.Fields(string(out))
	for v, made := range released {
		switch tagged := slices.Contains(tags, v); {
		case made && !tagged:
			t.Errorf("CHANGELOG.md lists %s as released, but it is not a tag (git tag -a %s)", v, v)
		case !made && tagged:
			t.Errorf("CHANGELOG.md lists %s as unreleased, but it is tagged: say when it was released", v)
		}
	}
}
