package fuzz_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// forbidden are the imports through which analysis code could run or read
// anything beyond the packages it is given: the analysis reads files only
// through pass.ReadFile (which the driver limits to the package's own
// files) and executes nothing.
var forbidden = map[string]string{
	"os":        "files and environment (use pass.ReadFile)",
	"os/exec":   "running programs",
	"io/ioutil": "files",
	"net":       "the network",
	"plugin":    "loading code",
	"syscall":   "the operating system",
	"unsafe":    "memory outside the type system",
}

// TestAnalysisReadsAndRunsNothing checks every package of this module that
// the analyzer (analyzer.New, which the command, go vet, the golangci-lint
// plugin and the language server all run) depends on. The commands around
// it (cmd/ginctxlint, internal/lsp, internal/sarif) may do I/O; what runs
// on the analysed code may not.
func TestAnalysisReadsAndRunsNothing(t *testing.T) {
	const module = "github.com/ginctxlint/ginctxlint"
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps}, module+"/analyzer")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.PkgPath != module && !strings.HasPrefix(p.PkgPath, module+"/") {
			return
		}
		checked++
		for path := range p.Imports {
			if why, ok := forbidden[path]; ok {
				t.Errorf("%s imports %s (%s): analysis must read only through pass.ReadFile and execute nothing", p.PkgPath, path, why)
			}
		}
	})
	if checked < 3 {
		t.Fatalf("checked only %d packages of the module; the test is not looking at the analyzer", checked)
	}
}
