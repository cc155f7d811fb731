package ctxcancel_test

import (
	"bytes"
	"context"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcancel"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// e2eDir is a module that requires the real gin v1.12.0 (make deps
// downloads it): reported/ hands c.Request.Context() to fire-and-forget
// goroutines that call a webhook and write an audit row; fixed/ is the
// same after the suggested fixes; cmd/run serves both.
const e2eDir = "../../testdata/ctxcancel-e2e"

// TestCancelClaims checks what the message says happens at run time, on a
// real gin server: the reported goroutines' work fails with context
// canceled once the handler has returned, and succeeds with the fix. It
// also checks that the rule reports the first shape and not the second,
// and that its fixes turn the one into the other.
func TestCancelClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a gin server")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Run("lint", func(t *testing.T) {
		analysistest.RunWithSuggestedFixes(t, e2eDir, ctxcancel.Rule.Analyzer(), "./reported", "./fixed")
	})
	t.Run("fixed is the fix", func(t *testing.T) {
		golden := normalize(t, filepath.Join(e2eDir, "reported", "orders.go.golden"))
		fixed := normalize(t, filepath.Join(e2eDir, "fixed", "orders.go"))
		if golden != fixed {
			t.Errorf("fixed/orders.go is not reported/orders.go after the suggested fixes:\n%s\nwant:\n%s", fixed, golden)
		}
	})

	bin := filepath.Join(t.TempDir(), "run")
	e2etest.BuildOffline(t, e2eDir, bin, "./cmd/run")
	runCtx, cancelRun := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancelRun()
	var stderr bytes.Buffer
	run := exec.CommandContext(runCtx, bin)
	run.Stderr = &stderr
	out, err := run.Output()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.Bytes())
	}
	t.Logf("outcomes:\n%s", out)
	outcomes := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, outcome, _ := strings.Cut(line, ": ")
		outcomes[name] = append(outcomes[name], outcome)
	}
	if got := outcomes["reported"]; len(got) != 2 || !strings.HasSuffix(got[0], "context canceled") || !strings.HasSuffix(got[1], "context canceled") {
		t.Errorf("reported: %q, want both the webhook call and the insert to fail with context canceled", got)
	}
	if got := outcomes["fixed"]; len(got) != 2 || got[0] != "ok" || got[1] != "ok" {
		t.Errorf("fixed: %q, want both to succeed", got)
	}
}

// normalize returns the file's code without comments, under package p.
func normalize(t *testing.T, path string) string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Name = ast.NewIdent("p")
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
