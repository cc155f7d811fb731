package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

func TestFind(t *testing.T) {
	root := t.TempDir()
	write := func(rel, data string) {
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(FileName, "")               // above the module: never read
	write("mod/go.mod", "module m\n") // the module root
	write("mod/"+FileName, "")
	write("mod/a/b/x.go", "package b\n")
	write("mod/c/"+FileName, "") // nearer
	write("mod/c/d/x.go", "package d\n")
	write("other/go.mod", "module o\n")
	for dir, want := range map[string]string{
		"mod/a/b": "mod/" + FileName,
		"mod":     "mod/" + FileName,
		"mod/c/d": "mod/c/" + FileName,
		"other":   "",
	} {
		got, err := Find(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		if want != "" {
			want = filepath.Join(root, want)
		}
		if got != want {
			t.Errorf("Find(%s) = %q, want %q", dir, got, want)
		}
	}
}

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		args       []string
		check      func(cfg *rule.Config) bool
		err        string
	}{
		{name: "empty", file: "", check: func(cfg *rule.Config) bool { return cfg.Enabled("ctxcopy") }},
		{name: "comments only", file: "# nothing\n", check: func(cfg *rule.Config) bool { return cfg.Enabled("ctxcopy") }},
		{name: "disable", file: "disable: [ctxcopy, goexit]\n", check: func(cfg *rule.Config) bool { return !cfg.Enabled("ctxcopy") && !cfg.Enabled("goexit") }},
		{name: "disable as a scalar", file: "disable: ctxcopy\n", check: func(cfg *rule.Config) bool { return !cfg.Enabled("ctxcopy") }},
		{name: "the command line enables", file: "disable: [ctxcopy, goexit]\n", args: []string{"-enable", "ctxcopy", "./..."}, check: func(cfg *rule.Config) bool { return cfg.Enabled("ctxcopy") && !cfg.Enabled("goexit") }},
		{name: "option in another case", file: "rules:\n  - name: gorecover\n    options:\n      STRICT: true\n", check: func(cfg *rule.Config) bool { return true }},
		{name: "not a mapping", file: "- disable\n", err: "x.yml:1: want a mapping of settings"},
		{name: "unknown key", file: "\n\nlaunchers: []\nrule: []\n", err: `x.yml:4: unknown key "rule"`},
		{name: "twice", file: "enable: [goexit]\nenable: [ctxcopy]\n", err: "x.yml:2: enable is set twice"},
		{name: "nested list", file: "launchers: [[a]]\n", err: "x.yml:1: launchers: want a value or a list of values"},
		{name: "bad launcher", file: "launchers:\n  - notafunc\n", err: `x.yml:2: invalid value "notafunc" for launchers`},
		{name: "rule without name", file: "rules:\n  - options: {}\n", err: "x.yml:2: rules: missing name"},
		{name: "rule twice", file: "rules:\n  - name: goexit\n  - name: goexit\n", err: `x.yml:3: rules: rule "goexit" listed twice`},
		{name: "unknown option", file: "rules:\n  - name: timeafter\n    options:\n      x: 1\n", err: `x.yml:4: rules: unknown option "x" of timeafter (options: restarts)`},
		{name: "bad scope", file: "rules:\n  - name: gorecover\n    options:\n      scope: everywhere\n", err: `x.yml:4: invalid value "everywhere" for gorecover.scope`},
		{name: "not yaml", file: "enable: [\n", err: "x.yml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := analyzer.New()
			f, err := Parse("x.yml", []byte(tc.file))
			if err == nil {
				err = f.Apply(a, tc.args)
			}
			if err == nil {
				err = rule.ConfigOf(a).Validate()
			}
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want %q", err, tc.err)
				}
			case err != nil:
				t.Errorf("error %v", err)
			case !tc.check(rule.ConfigOf(a)):
				t.Errorf("the configuration is not what the file says")
			}
		})
	}
}

// TestExamples: the example file applies, and so does the settings block
// of the golangci-lint example: one block serves both.
func TestExamples(t *testing.T) {
	data, err := os.ReadFile("../../.ginctxlint.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, data []byte) {
		f, err := Parse(name, data)
		if err == nil {
			err = f.Apply(analyzer.New(), nil)
		}
		if err != nil {
			t.Error(err)
		}
	}
	check(".ginctxlint.example.yml", data)

	data, err = os.ReadFile("../../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	var gcl struct {
		Linters struct {
			Settings struct {
				Custom struct {
					Ginctxlint struct {
						Settings yaml.Node
					}
				}
			}
		}
	}
	if err := yaml.Unmarshal(data, &gcl); err != nil {
		t.Fatal(err)
	}
	block, err := yaml.Marshal(&gcl.Linters.Settings.Custom.Ginctxlint.Settings)
	if err != nil || len(block) < 10 {
		t.Fatalf("no settings block in .golangci.example.yml: %v", err)
	}
	check(".golangci.example.yml's settings", block)
}
