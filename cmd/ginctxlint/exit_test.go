package main_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// handler is a net/http handler with a finding without a fix (ctxcopy has
// no copy to offer for an http.ResponseWriter) and, with
// -gorecover.strict, one with a fix (gorecover): the module needs no
// downloads.
const handler = "package web\n\nimport \"net/http\"\n\nfunc Handle(w http.ResponseWriter, r *http.Request) {\n\tgo func() { w.Write(nil) }()\n}\n"

// badFlags are invalid values of each kind of flag the analyzer has.
var badFlags = []struct{ flag, want string }{
	{"-disable=bogus", `invalid value "bogus" for flag -disable: unknown rule "bogus"`},
	{"-enable=ctxcopy,bogus", `unknown rule "bogus"`},
	{"-goexit.scope=foo", `invalid value "foo" for flag -goexit.scope`},
	{"-launchers=notafunc", `for flag -launchers`},
}

// TestBadFlags: a bad flag value fails at once, before anything is
// loaded, with exit 2 and one line naming it, in every mode; under go
// vet, on every run (go vet caches what a tool run that exits 0 left).
func TestBadFlags(t *testing.T) {
	dir := module(t, map[string]string{"go.mod": "module example.com/web\n\ngo 1.25\n", "web.go": handler})
	for _, bf := range badFlags {
		for _, mode := range [][]string{nil, {"-json"}, {"-fix"}, {"-sarif"}} {
			args := append(append(mode, bf.flag), "./...")
			start := time.Now()
			r := run(t, dir, args...)
			lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
			if r.Code != cli.ExitUsage || !strings.Contains(r.Stderr, bf.want) || len(lines) > 2 || r.Stdout != "" {
				t.Errorf("ginctxlint %s: exit %d, want %d and %q in at most 2 lines\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.Code, cli.ExitUsage, bf.want, r.Stdout, r.Stderr)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Logf("ginctxlint %s took %v: does it load packages before checking flags?", strings.Join(args, " "), d)
			}
		}
		if r := run(t, dir, "lsp", bf.flag); r.Code != cli.ExitUsage || !strings.Contains(r.Stderr, bf.want) {
			t.Errorf("ginctxlint lsp %s: exit %d, want %d\n%s", bf.flag, r.Code, cli.ExitUsage, r.Stderr)
		}
	}
	t.Run("go vet", func(t *testing.T) {
		for _, bf := range badFlags[:3] {
			for i := 1; i <= 2; i++ {
				r := e2etest.Run(t, dir, "go", "vet", "-vettool="+binary(t), bf.flag, "./...")
				// go vet turns a vet tool's failure into its exit code 1
				// (the README's exit codes say so).
				if r.Code != 1 || !strings.Contains(r.Stderr, bf.want) {
					t.Errorf("run %d of go vet -vettool %s: exit %d, want 1 and a failure saying %q\n%s", i, bf.flag, r.Code, bf.want, r.Stderr)
				}
				// Once per package analysed, not once per dependency.
				if n := strings.Count(r.Stderr, bf.want); n != 1 {
					t.Errorf("run %d of go vet -vettool %s: the error is printed %d times, want once\n%s", i, bf.flag, n, r.Stderr)
				}
			}
		}
	})
}

// TestExitCodes checks the exit code of each mode (see internal/cli).
func TestExitCodes(t *testing.T) {
	const gomod = "module example.com/web\n\ngo 1.25\n"
	clean := module(t, map[string]string{"go.mod": gomod, "web.go": "package web\n\nfunc F() {}\n"})
	findings := module(t, map[string]string{"go.mod": gomod, "web.go": handler})
	broken := module(t, map[string]string{"go.mod": gomod, "web.go": handler, "bad/bad.go": "package bad\n\nfunc F() { undefined() }\n"})
	for _, tc := range []struct {
		dir  string
		args []string
		code int
		// the remaining finding printed on stderr
		stderr string
	}{
		{clean, nil, cli.ExitOK, ""},
		{clean, []string{"-json"}, cli.ExitOK, ""},
		{clean, []string{"-fix"}, cli.ExitOK, ""},
		{findings, nil, cli.ExitFindings, "web.go:6:14: ctxcopy:"},
		// The findings are in the output.
		{findings, []string{"-json"}, cli.ExitOK, ""},
		{findings, []string{"-sarif"}, cli.ExitOK, ""},
		// The ctxcopy finding has no fix: it remains, and is shown.
		{findings, []string{"-fix", "-diff"}, cli.ExitFindings, "web.go:6:14: ctxcopy:"},
		{findings, []string{"-fix"}, cli.ExitFindings, "web.go:13:3: ctxcopy:"},
		{broken, nil, cli.ExitError, "undefined"},
		{broken, []string{"-json"}, cli.ExitError, ""},
		{broken, []string{"-sarif"}, cli.ExitError, ""},
		// The findings that remain are printed, as without the broken
		// package.
		{broken, []string{"-fix", "-diff"}, cli.ExitError, "web.go:6:14: ctxcopy:"},
		{broken, []string{"-fix"}, cli.ExitError, "web.go:13:3: ctxcopy:"},
	} {
		args := append(append([]string{"-gorecover.strict"}, tc.args...), "./...")
		r := run(t, tc.dir, args...)
		if r.Code != tc.code || !strings.Contains(r.Stderr, tc.stderr) {
			t.Errorf("%s: ginctxlint %s: exit %d, want %d with %q on stderr\n%s", tc.dir, strings.Join(args, " "), r.Code, tc.code, tc.stderr, r.Stderr)
		}
	}
}

// TestTags: -tags selects build-tagged files, in every mode that loads.
func TestTags(t *testing.T) {
	dir := module(t, map[string]string{
		"go.mod":      "module example.com/web\n\ngo 1.25\n",
		"web.go":      "package web\n",
		"tagged.go":   "//go:build integration\n\n" + handler,
		"untagged.go": "//go:build !integration\n\npackage web\n",
	})
	for _, args := range [][]string{{"-disable=all", "-enable=ctxcopy"}, {"-sarif", "-disable=all", "-enable=ctxcopy"}} {
		r := run(t, dir, append(args, "./...")...)
		if strings.Contains(r.Stdout+r.Stderr, "tagged.go") {
			t.Errorf("ginctxlint %s without -tags reports tagged.go:\n%s%s", strings.Join(args, " "), r.Stdout, r.Stderr)
		}
		r = run(t, dir, append(append(args, "-tags=integration"), "./...")...)
		if !strings.Contains(r.Stdout+r.Stderr, "tagged.go") {
			t.Errorf("ginctxlint %s -tags=integration: no finding in tagged.go (exit %d):\n%s%s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
		}
	}
}

// TestGeneratedFiles: findings in generated files are skipped unless
// -generated, as staticcheck and golangci-lint do.
func TestGeneratedFiles(t *testing.T) {
	dir := module(t, map[string]string{
		"go.mod": "module example.com/web\n\ngo 1.25\n",
		"web.go": "// Code generated by handlergen. DO NOT EDIT.\n\n" + handler,
	})
	if r := run(t, dir, "-disable=all", "-enable=ctxcopy", "./..."); r.Code != cli.ExitOK || r.Stderr != "" {
		t.Errorf("generated file: exit %d, want 0 and no findings\n%s", r.Code, r.Stderr)
	}
	if r := run(t, dir, "-disable=all", "-enable=ctxcopy", "-generated", "./..."); r.Code != cli.ExitFindings || !strings.Contains(r.Stderr, "web.go:8:14: ctxcopy:") {
		t.Errorf("generated file with -generated: exit %d, want %d and the finding\n%s", r.Code, cli.ExitFindings, r.Stderr)
	}
}
