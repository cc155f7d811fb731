package plugin_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// TestGolangciLint runs a golangci-lint built with this plugin over a copy of
// testdata/e2e and compares what it reports and fixes with the ginctxlint
// command. `make integration` builds that golangci-lint (plugin/gcl/build.sh,
// a couple of minutes cold) and names it in GINCTXLINT_GOLANGCI_LINT; without
// it the test is skipped, so that `go test ./...` stays fast.
func TestGolangciLint(t *testing.T) {
	gcl := os.Getenv("GINCTXLINT_GOLANGCI_LINT")
	if gcl == "" {
		t.Skip("GINCTXLINT_GOLANGCI_LINT is not set; `make integration` builds golangci-lint with the plugin and runs this test")
	}
	if !filepath.IsAbs(gcl) {
		gcl = filepath.Join(e2etest.Root(t), gcl) // as make sees it
	}
	// A cache of our own: nothing cached by an earlier build of the plugin
	// can answer for this one. Shared by the runs below, which differ in
	// settings, and golangci-lint salts its cache with them.
	t.Setenv("GOLANGCI_LINT_CACHE", t.TempDir())

	dir := e2etest.CopyModule(t) // read-only; CopyDir(t, dir) to write
	e2etest.Download(t, dir)
	bin := e2etest.BuildCommand(t)

	// The reference: what the command reports, and which findings have a fix.
	r := e2etest.Run(t, dir, bin, "-json", "./...")
	diags, err := e2etest.ParseJSON(r.Stdout)
	if r.Code != 0 || err != nil {
		t.Fatalf("ginctxlint -json: exit %d, %v\n%s", r.Code, err, r.Stderr)
	}
	var want []string
	hasFix := map[string]bool{}
	byRule := map[string]int{}
	for _, d := range diags {
		f := e2etest.FindingOf(dir, d.Posn, d.Message, false)
		// The plugin folds related positions into the message (see
		// foldRelated).
		for _, rel := range d.Related {
			rf := e2etest.FindingOf(dir, rel.Posn, rel.Message, true)
			if rf.File == f.File {
				f.Message += fmt.Sprintf(" (line %d: %s)", rf.Line, rf.Message)
			} else {
				f.Message += fmt.Sprintf(" (%s:%d: %s)", path.Base(rf.File), rf.Line, rf.Message)
			}
		}
		want = append(want, f.String())
		hasFix[f.String()] = len(d.SuggestedFixes) > 0
		byRule[f.Rule()]++
	}
	if len(want) == 0 {
		t.Fatal("ginctxlint found nothing in testdata/e2e")
	}
	t.Logf("ginctxlint -json: %d findings by rule %v", len(want), byRule)

	t.Run("findings", func(t *testing.T) {
		issues := run(t, dir, gcl, "{}")
		got := split(t, dir, issues)
		if missing, extra := e2etest.Diff(want, e2etest.Keys(got)); len(missing)+len(extra) > 0 {
			t.Errorf("golangci-lint and ginctxlint disagree\nonly from ginctxlint:\n\t%s\nonly from golangci-lint:\n\t%s",
				strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
		}
		for _, is := range issues {
			f := is.finding(dir)
			if n := len(is.SuggestedFixes); n > 1 || (n == 1) != hasFix[f.String()] {
				t.Errorf("%s: %d suggested fixes, want %v", f, n, hasFix[f.String()])
			}
		}
		t.Logf("golangci-lint: %d issues", len(issues))
	})

	t.Run("disable", func(t *testing.T) {
		// The rule with most findings, so that some remain from others
		// when there are others.
		var rules []string
		for _, r := range analyzer.Rules() {
			if byRule[r.Name] > 0 {
				rules = append(rules, r.Name)
			}
		}
		if len(rules) == 0 {
			t.Fatal("no rule has findings in testdata/e2e")
		}
		rule := slices.MaxFunc(rules, func(a, b string) int { return byRule[a] - byRule[b] })
		issues := run(t, dir, gcl, fmt.Sprintf("{disable: [%s]}", rule))
		got := split(t, dir, issues)
		var rest []string
		for _, k := range want {
			if !strings.Contains(k, ": "+rule+": ") {
				rest = append(rest, k)
			}
		}
		if missing, extra := e2etest.Diff(rest, e2etest.Keys(got)); len(missing)+len(extra) > 0 {
			t.Errorf("with %s disabled: want the other rules' findings only\nmissing:\n\t%s\nextra:\n\t%s",
				rule, strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
		}
	})

	t.Run("strict settings", func(t *testing.T) {
		r := runRaw(t, dir, gcl, "{disabel: [ctxcopy]}")
		if r.Code == 0 || !strings.Contains(r.Stderr, `"disabel"`) {
			t.Errorf("an unknown setting: exit %d, want an error naming it\n%s", r.Code, r.Stderr)
		}
	})

	t.Run("documented configs", func(t *testing.T) {
		// The example configuration and the one in the docs must be
		// accepted by the strict settings decoding and find something.
		root := e2etest.Root(t)
		example := filepath.Join(root, ".golangci.example.yml")
		doc, err := os.ReadFile(filepath.Join(root, "docs", "golangci-lint.md"))
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(doc), "### 2. Enable it")
		_, rest, _ = strings.Cut(rest, "```yaml\n")
		snippet, _, ok := strings.Cut(rest, "```")
		if !ok {
			t.Fatal("docs/golangci-lint.md: no yaml block under \"### 2. Enable it\"")
		}
		fromDoc := filepath.Join(t.TempDir(), "golangci.yml")
		if err := os.WriteFile(fromDoc, []byte(snippet), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cfg := range []string{example, fromDoc} {
			// --enable-only: the example keeps the standard linters,
			// whose findings in testdata are not ours to check.
			r := e2etest.Run(t, dir, gcl, "run", "--config", cfg, "--enable-only=ginctxlint", "--output.json.path=stdout", "--show-stats=false", "./...")
			var out struct{ Issues []issue }
			if err := json.NewDecoder(strings.NewReader(r.Stdout)).Decode(&out); err != nil || r.Code != 1 || len(out.Issues) == 0 {
				t.Errorf("golangci-lint --config %s: exit %d, %d issues, %v\n%s", cfg, r.Code, len(out.Issues), err, r.Stderr)
			}
		}
	})

	t.Run("suppression", func(t *testing.T) {
		// In each file, //nolint:ginctxlint on the line of the first
		// finding, and //ginctxlint:ignore on the line of the first finding
		// on another line: golangci-lint's directive and ours.
		dir := e2etest.CopyDir(t, dir)
		type at struct {
			file string
			line int
		}
		nolint := map[string]at{}
		ignore := map[string]at{}
		ignoreRule := map[at]string{}
		for _, k := range want {
			file, line := parseKey(t, k)
			f := e2etest.Finding{Message: strings.SplitN(k, ": ", 2)[1]}
			if n, ok := nolint[file]; !ok {
				nolint[file] = at{file, line}
				addComment(t, dir, file, line, "//nolint:ginctxlint // e2e: suppressed on purpose")
			} else if _, ok := ignore[file]; !ok && n.line != line && f.Rule() != "ginctxlint" {
				ignore[file] = at{file, line}
				ignoreRule[at{file, line}] = f.Rule()
				addComment(t, dir, file, line, "//ginctxlint:ignore "+f.Rule()+" e2e: suppressed on purpose")
			}
		}
		var rest []string
		for _, k := range want {
			file, line := parseKey(t, k)
			rule := e2etest.Finding{Message: strings.SplitN(k, ": ", 2)[1]}.Rule()
			switch {
			case nolint[file] == at{file, line}:
			case ignoreRule[at{file, line}] == rule, ignoreRule[at{file, line - 1}] == rule: // its line or the next
			default:
				rest = append(rest, k)
			}
		}
		if len(ignore) == 0 {
			t.Error("no file has findings on two lines: //ginctxlint:ignore is not exercised")
		}
		got := split(t, dir, run(t, dir, gcl, "{}"))
		t.Logf("%d of %d findings suppressed", len(want)-len(rest), len(want))
		if missing, extra := e2etest.Diff(rest, e2etest.Keys(got)); len(missing)+len(extra) > 0 {
			t.Errorf("with //nolint:ginctxlint on %d lines and //ginctxlint:ignore on %d: want the other findings only\nmissing:\n\t%s\nstill reported:\n\t%s",
				len(nolint), len(ignore), strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
		}
	})

	t.Run("fix", func(t *testing.T) {
		// The command's -fix is the reference (TestDrivers in
		// cmd/ginctxlint checks it against go fix, and that the result
		// builds); golangci-lint --fix must write the same files.
		ref := e2etest.CopyDir(t, dir)
		before := e2etest.Snapshot(t, ref)
		if r := e2etest.Run(t, ref, bin, "-fix", "./..."); r.Code != 0 && r.Code != 3 {
			t.Fatalf("ginctxlint -fix: exit %d\n%s", r.Code, r.Stderr)
		}
		fixed := e2etest.Snapshot(t, ref)
		if maps.Equal(before, fixed) {
			t.Fatal("ginctxlint -fix changed nothing: testdata/e2e has no fixes to compare")
		}

		dir := e2etest.CopyDir(t, dir)
		runRaw(t, dir, gcl, "{}", "--fix")
		got := e2etest.Snapshot(t, dir)
		for _, file := range slices.Sorted(maps.Keys(fixed)) {
			if got[file] != fixed[file] {
				t.Errorf("%s: golangci-lint --fix and ginctxlint -fix disagree\ngolangci-lint --fix:\n%s\nginctxlint -fix:\n%s", file, got[file], fixed[file])
			}
		}
		if r := e2etest.Run(t, dir, "go", "build", "./..."); r.Code != 0 {
			t.Fatalf("the module fixed by golangci-lint does not build:\n%s", r.Stderr)
		}
	})
}

// parseKey returns the file and line of a finding key, "file:line: message".
func parseKey(t *testing.T, key string) (string, int) {
	t.Helper()
	file, rest, _ := strings.Cut(key, ":")
	var line int
	if _, err := fmt.Sscanf(rest, "%d:", &line); err != nil {
		t.Fatalf("bad finding %q", key)
	}
	return file, line
}

// addComment ends a line of file with comment, in place of a `// want`
// comment if there is one (a directive inside another comment is not one).
func addComment(t *testing.T, dir, file string, line int, comment string) {
	t.Helper()
	path := filepath.Join(dir, file)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	l := lines[line-1]
	if i := strings.Index(l, "// want"); i >= 0 {
		l = strings.TrimRight(l[:i], " \t")
	}
	lines[line-1] = l + " " + comment
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// issue is one issue of golangci-lint's JSON output.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
	SuggestedFixes []json.RawMessage
}

func (is issue) finding(dir string) e2etest.Finding {
	return e2etest.Finding{File: e2etest.Rel(dir, is.Pos.Filename), Line: is.Pos.Line, Message: is.Text}
}

// split returns the findings among issues, and checks what every issue
// must be: ours, one per finding (no separate "related information"
// issues), with the rule ID first.
func split(t *testing.T, dir string, issues []issue) []e2etest.Finding {
	t.Helper()
	var findings []e2etest.Finding
	for _, is := range issues {
		f := is.finding(dir)
		if is.FromLinter != "ginctxlint" || f.Rule() == "" {
			t.Errorf("issue from %q, want ginctxlint with the rule ID first: %s", is.FromLinter, f)
			continue
		}
		findings = append(findings, f)
	}
	return findings
}

// config is a .golangci.yml that runs only ginctxlint, with settings, and
// shows every issue (golangci-lint's defaults cap and merge them).
const config = `version: "2"
run:
  relative-path-mode: wd
linters:
  default: none
  enable: [ginctxlint]
  settings:
    custom:
      ginctxlint:
        type: module
        description: goroutine and lifecycle bugs in Gin services
        settings: %s
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`

func runRaw(t *testing.T, dir, gcl, settings string, args ...string) e2etest.Result {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "golangci.yml")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, config, settings), 0o644); err != nil {
		t.Fatal(err)
	}
	args = append([]string{"run", "--config", cfg, "--output.json.path=stdout", "--show-stats=false"}, args...)
	return e2etest.Run(t, dir, gcl, append(args, "./...")...)
}

// run runs golangci-lint with settings and returns its issues.
func run(t *testing.T, dir, gcl, settings string, args ...string) []issue {
	t.Helper()
	r := runRaw(t, dir, gcl, settings, args...)
	var out struct{ Issues []issue }
	if err := json.NewDecoder(strings.NewReader(r.Stdout)).Decode(&out); err != nil || (r.Code != 0 && r.Code != 1) {
		t.Fatalf("golangci-lint (settings %s): exit %d, %v\n%s%s", settings, r.Code, err, r.Stdout, r.Stderr)
	}
	return out.Issues
}
