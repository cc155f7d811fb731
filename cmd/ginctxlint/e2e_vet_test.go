package main_test

import (
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// TestDrivers builds the command and runs it, go vet and go fix over a
// copy of testdata/e2e (real gin, module cache only, GOPROXY=off) to check
// that every driver of the analysis framework reports and fixes the same
// things. One test, so that the build and the baseline runs are shared:
// each run loads gin and its dependencies from source, which is most of
// the time.
func TestDrivers(t *testing.T) {
	bin := binary(t)
	dir := e2etest.CopyModule(t)
	e2etest.Download(t, dir)

	text := lint(t, bin, dir)
	if count(text) == 0 {
		t.Fatal("ginctxlint ./... found nothing in testdata/e2e")
	}
	for _, f := range text {
		if !f.Related && !slices.Contains(ruleNames(), f.Rule()) && f.Rule() != "ginctxlint" {
			t.Errorf("message does not start with a rule ID (or \"ginctxlint\" for directives): %s", f)
		}
	}
	t.Logf("ginctxlint ./...: %d diagnostics, %d related positions", count(text), len(text)-count(text))

	r := e2etest.Run(t, dir, bin, "-json", "./...")
	if r.Code != 0 {
		t.Fatalf("ginctxlint -json: exit %d\n%s", r.Code, r.Stderr)
	}
	diags, err := e2etest.ParseJSON(r.Stdout)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("want", func(t *testing.T) { checkWants(t, dir, diags) })

	t.Run("json", func(t *testing.T) {
		var got []e2etest.Finding
		for _, d := range diags {
			f := e2etest.FindingOf(dir, d.Posn, d.Message, false)
			got = append(got, f)
			wantCategory := f.Rule()
			if wantCategory == "ginctxlint" { // about a //ginctxlint:ignore directive
				wantCategory = rule.IgnoreCategory
			}
			if d.Category != wantCategory {
				t.Errorf("%s: category %q, want %q", f, d.Category, wantCategory)
			}
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d suggested fixes; golangci-lint applies them all at once, so offer one", f, len(d.SuggestedFixes))
			}
			for _, rel := range d.Related {
				got = append(got, e2etest.FindingOf(dir, rel.Posn, rel.Message, true))
			}
		}
		if missing, extra := e2etest.Diff(e2etest.Keys(text), e2etest.Keys(got)); len(missing)+len(extra) > 0 {
			t.Errorf("-json and text output disagree\nonly in text:\n\t%s\nonly in -json:\n\t%s",
				strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
		}
	})

	t.Run("go vet", func(t *testing.T) {
		r := e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "./...")
		got, other := e2etest.ParseText(dir, r.Stderr)
		if len(other) > 0 || r.Code == 0 {
			t.Fatalf("go vet -vettool: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		if missing, extra := e2etest.Diff(e2etest.Keys(text), e2etest.Keys(got)); len(missing)+len(extra) > 0 {
			t.Errorf("go vet -vettool and ginctxlint disagree\nonly from ginctxlint:\n\t%s\nonly from go vet:\n\t%s",
				strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
		}
		// Analyzer flags reach the tool through go vet.
		r = e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "-disable=all", "./...")
		if r.Code != 0 {
			t.Errorf("go vet -vettool -disable=all: exit %d\n%s", r.Code, r.Stderr)
		}
	})

	t.Run("fix", func(t *testing.T) {
		// What must remain after fixing: each finding without a fix, by
		// file and message (fixes move lines).
		var unfixed []string
		fixes := 0
		for _, d := range diags {
			if f := e2etest.FindingOf(dir, d.Posn, d.Message, false); len(d.SuggestedFixes) == 0 {
				unfixed = append(unfixed, f.File+": "+f.Message)
			} else {
				fixes++
			}
		}
		if fixes == 0 {
			t.Fatal("testdata/e2e has no finding with a suggested fix")
		}
		pristine := dir
		dir := e2etest.CopyDir(t, pristine)
		before := e2etest.Snapshot(t, dir)

		r := e2etest.Run(t, dir, bin, "-fix", "-diff", "./...")
		if r.Code != 0 && r.Code != 3 {
			t.Fatalf("ginctxlint -fix -diff: exit %d\n%s", r.Code, r.Stderr)
		}
		if !maps.Equal(e2etest.Snapshot(t, dir), before) {
			t.Fatal("ginctxlint -fix -diff changed files")
		}
		// The diff is a patch: paths relative to the working directory,
		// hunk headers right (x/tools' own are not after a removed line).
		fromDiff, err := e2etest.Patch(t, dir, r.Stdout, "git", "apply")
		if err != nil {
			t.Fatalf("applying the output of -fix -diff: %v\n%s", err, r.Stdout)
		}
		byPatch, err := e2etest.Patch(t, dir, r.Stdout, "patch", "-p1", "--quiet")
		if err != nil {
			t.Fatalf("applying the output of -fix -diff: %v\n%s", err, r.Stdout)
		}
		if !maps.Equal(byPatch, fromDiff) {
			t.Errorf("patch -p1 and git apply differ on the output of -fix -diff")
		}

		r = e2etest.Run(t, dir, bin, "-fix", "./...")
		if r.Code != 0 && r.Code != 3 {
			t.Fatalf("ginctxlint -fix: exit %d\n%s", r.Code, r.Stderr)
		}
		fixed := e2etest.Snapshot(t, dir)
		if maps.Equal(fixed, before) {
			t.Fatal("ginctxlint -fix changed nothing")
		}
		for _, file := range slices.Sorted(maps.Keys(fixed)) {
			if fromDiff[file] != fixed[file] {
				t.Errorf("%s: -fix wrote something else than -fix -diff showed\n-fix:\n%s\n-fix -diff:\n%s", file, fixed[file], fromDiff[file])
			}
		}

		if r := e2etest.Run(t, dir, "go", "build", "./..."); r.Code != 0 {
			t.Fatalf("the fixed module does not build:\n%s", r.Stderr)
		}
		var left []string
		for _, f := range lint(t, bin, dir) {
			if !f.Related {
				left = append(left, f.File+": "+f.Message)
			}
		}
		if missing, extra := e2etest.Diff(unfixed, left); len(missing)+len(extra) > 0 {
			t.Errorf("after -fix, want exactly the findings that had no fix\ngone:\n\t%s\nnew or not fixed:\n\t%s",
				strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
		}
		t.Logf("%d fixes applied; %d findings without a fix remain", fixes, len(left))

		t.Run("go fix", func(t *testing.T) {
			if out, _ := exec.Command("go", "help", "fix").Output(); !strings.Contains(string(out), "-fixtool") {
				t.Skip("this go command has no go fix -fixtool (Go 1.26)")
			}
			dir := e2etest.CopyDir(t, pristine)
			r := e2etest.Run(t, dir, "go", "fix", "-fixtool="+bin, "./...")
			if r.Code != 0 {
				t.Fatalf("go fix -fixtool: exit %d\n%s", r.Code, r.Stderr)
			}
			byGoFix := e2etest.Snapshot(t, dir)
			for _, file := range slices.Sorted(maps.Keys(fixed)) {
				if byGoFix[file] != fixed[file] {
					t.Errorf("%s: go fix -fixtool and ginctxlint -fix disagree\ngo fix:\n%s\nginctxlint -fix:\n%s", file, byGoFix[file], fixed[file])
				}
			}
		})
	})
}

// lint runs the command on ./... in dir and returns its findings, failing
// on anything else in its output.
func lint(t *testing.T, bin, dir string, args ...string) []e2etest.Finding {
	t.Helper()
	r := e2etest.Run(t, dir, bin, append(args, "./...")...)
	findings, other := e2etest.ParseText(dir, r.Stderr)
	if len(other) > 0 || (r.Code != 0 && r.Code != 3) || (r.Code == 3) != (len(findings) > 0) {
		t.Fatalf("ginctxlint %s ./...: exit %d\n%s%s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
	}
	return findings
}

func count(findings []e2etest.Finding) int {
	n := 0
	for _, f := range findings {
		if !f.Related {
			n++
		}
	}
	return n
}

func ruleNames() []string {
	var names []string
	for _, r := range analyzer.Rules() {
		names = append(names, r.Name)
	}
	return names
}
