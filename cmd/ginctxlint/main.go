// Command ginctxlint finds goroutine and lifecycle bugs in Gin HTTP
// services.
//
//	ginctxlint ./...                        # all default rules
//	ginctxlint -disable=goexit ./...        # all but one
//	ginctxlint -fix ./...                   # apply suggested fixes
//	ginctxlint -sarif ./... > out.sarif     # SARIF 2.1.0 for code scanning
//	ginctxlint lsp                          # language server on stdio
//	go vet -vettool=$(command -v ginctxlint) ./...
package main

import (
	"os"
	"runtime/debug"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/driver"
	"github.com/ginctxlint/ginctxlint/internal/lsp"
	"github.com/ginctxlint/ginctxlint/internal/sarif"
)

func main() {
	// The modes below are dispatched before singlechecker sees the
	// arguments: its flags are what `go vet -vettool` learns from -flags,
	// and neither mode must become a vet flag.
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(lsp.Main(analyzer.New, version(), args[1:], os.Stdin, os.Stdout, os.Stderr))
	case sarif.Requested(args):
		os.Exit(sarif.Main(analyzer.New(), version(), args, os.Stdout, os.Stderr))
	case driver.Requested(args):
		// Our own driver: the standard library from export data, facts
		// in memory, a cache on disk (internal/driver). -fix, -diff and
		// go vet's protocol stay with singlechecker.
		os.Exit(driver.Main(analyzer.New(), args, os.Stdout, os.Stderr))
	}
	singlechecker.Main(analyzer.New())
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
