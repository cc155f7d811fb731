// Command ginctxlint finds goroutine and lifecycle bugs in Gin HTTP
// services.
//
//	ginctxlint ./...                        # all default rules
//	ginctxlint -disable=goexit ./...        # all but one
//	ginctxlint -fix ./...                   # apply suggested fixes
//	ginctxlint -sarif ./... > out.sarif     # SARIF 2.1.0 for code scanning
//	ginctxlint lsp                          # language server on stdio
//	ginctxlint help                         # every mode and flag
//	go vet -vettool=$(command -v ginctxlint) ./...
//
// Exit codes (internal/cli): 0 nothing to report, 1 incomplete analysis,
// 2 bad flags or configuration, 3 findings remain.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/cli"
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
	case helpRequested(args):
		usage(os.Stdout, analyzer.New())
		os.Exit(cli.ExitOK)
	case sarif.Requested(args):
		os.Exit(sarif.Main(analyzer.New(), version(), args, os.Stdout, os.Stderr))
	case os.Getenv(standardEnv) != "":
		// A run of the standard driver on behalf of the parent process.
		singlechecker.Main(analyzer.New())
	}

	// Check the flags on an analyzer of their own before singlechecker
	// parses them (into a fresh analyzer: list flags append), so that a bad
	// value is one line and exit 2, before anything is loaded, in every
	// mode, and so that go vet never caches the outcome (see vetUnit).
	opts, err := parseArgs(analyzer.New(), args)
	unit := vetUnit(args)
	var bad *badFlagError
	switch {
	case errors.As(err, &bad):
		if unit != nil && unit.VetxOnly {
			// go vet is computing facts for a dependency: say nothing and
			// cache nothing; the run on the user's package says what is
			// wrong, once per package rather than once per std package.
			os.Exit(cli.ExitOK)
		}
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		if unit == nil {
			fmt.Fprintln(os.Stderr, "Run 'ginctxlint -help' for usage.")
		}
		os.Exit(cli.ExitUsage)
	case err != nil:
		// -help, or a flag only singlechecker knows how to answer.
		singlechecker.Main(analyzer.New())
	}
	if unit != nil {
		a := analyzer.New()
		if !unit.VetxOnly {
			a = failOnError(a)
		}
		singlechecker.Main(a)
	}
	cli.ApplyTags(opts.tags)
	switch {
	case opts.fix:
		os.Exit(fix(args, opts))
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
