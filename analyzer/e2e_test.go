package analyzer_test

import (
	"os/exec"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

// TestEndToEnd runs every rule, as the command does, over testdata/e2e: a
// module that requires the real github.com/gin-gonic/gin and
// golang.org/x/sync (not stubs), with `// want` expectations in each
// rule's package. `make deps` downloads its modules; analysistest loads it
// with GOPROXY=off.
func TestEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	analysistest.Run(t, "../testdata/e2e", analyzer.New(), "./...")
}
