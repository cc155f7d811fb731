package goexit_test

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/goexit"
	"github.com/ginctxlint/ginctxlint/analyzer/goexit/internal/leaks"
)

// TestLeakIsReported runs goexit on internal/leaks, a package of the
// module (so that TestLeakIsReal can run the same code), and checks the
// report and that the suggested fix is leaks.go.golden.
func TestLeakIsReported(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "../..", goexit.Rule.Analyzer(), "./analyzer/goexit/internal/leaks")
}

// TestLeakIsReal ties the rule to run-time behaviour: the goroutines
// Query starts stay blocked on their send after it returns through its
// timeout, and those of the fixed version, which must be the suggested
// fix, finish.
func TestLeakIsReal(t *testing.T) {
	if body(t, "internal/leaks/fixed.go", "QueryFixed") != body(t, "internal/leaks/leaks.go.golden", "Query") {
		t.Fatal("QueryFixed in fixed.go is not Query as goexit's fix leaves it (leaks.go.golden)")
	}
	const n = 20
	const slow, timeout = 10 * time.Millisecond, time.Millisecond

	for range n {
		if _, ok := leaks.Query(slow, timeout); ok {
			t.Fatal("Query did not time out; the test needs slow > timeout")
		}
	}
	// Wait until every one of them has slept and reached its send: from
	// then on nothing can ever receive, so they are leaked for good.
	// (Counted by their stacks, not against runtime.NumGoroutine before
	// the calls: goroutines of earlier tests still ending made that
	// baseline flaky on a loaded machine.)
	if !poll(func() bool { return blockedOnSend("leaks.Query.func1") >= n }) {
		t.Fatalf("%d goroutines of Query blocked on their send, want %d", blockedOnSend("leaks.Query.func1"), n)
	}

	base := runtime.NumGoroutine()
	for range n {
		if _, ok := leaks.QueryFixed(slow, timeout); ok {
			t.Fatal("QueryFixed did not time out")
		}
	}
	if !poll(func() bool { return runtime.NumGoroutine() <= base }) {
		t.Fatalf("goroutines above baseline after QueryFixed returned: %d, want 0", runtime.NumGoroutine()-base)
	}
}

// poll reports whether cond becomes true within a second.
func poll(cond func() bool) bool {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// blockedOnSend counts the goroutines blocked in a channel send whose
// top function is fn.
func blockedOnSend(fn string) int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		lines := strings.Split(g, "\n")
		if len(lines) > 1 && strings.Contains(lines[0], "[chan send") && strings.Contains(lines[1], fn+"(") {
			n++
		}
	}
	return n
}

// body returns the printed body of the function name in file.
func body(t *testing.T, file, name string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name {
			var b strings.Builder
			if err := printer.Fprint(&b, fset, fd.Body); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
	}
	t.Fatalf("no func %s in %s", name, file)
	return ""
}
