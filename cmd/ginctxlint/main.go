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
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/config"
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
	case helpRequested(args):
		usage(os.Stdout, analyzer.New())
		os.Exit(cli.ExitOK)
	case len(args) == 1 && args[0] == "-V=full":
		// go vet's tool ID, which keys its cache: it covers the
		// configuration file, so that editing it runs vet again.
		os.Exit(vetToolID(os.Stdout))
	case len(args) == 1 && args[0] == "-flags":
		// go vet asks which flags the tool takes, and drops what it
		// says on stderr: a bad configuration file is reported by the
		// run on each package instead, where go vet shows it.
		singlechecker.Main(analyzer.New())
	}
	// The configuration file (internal/config): found from the package's
	// directory under go vet, else from the working directory. A bad
	// file stops every mode before anything is loaded, as a bad flag does.
	unit := vetUnit(args)
	dir := "."
	if unit != nil && unit.Dir != "" {
		dir = unit.Dir
	}
	modeArgs := args
	if len(args) > 0 && args[0] == "lsp" {
		modeArgs = args[1:]
	}
	file, err := config.Load(dir)
	if err == nil {
		err = file.Apply(analyzer.New(), modeArgs)
	}
	if err != nil {
		if unit != nil && unit.VetxOnly {
			os.Exit(cli.ExitOK) // as for a bad flag, below
		}
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		os.Exit(cli.ExitUsage)
	}
	// newAnalyzer returns a fresh analyzer set from the file; the flags
	// parsed into it afterwards win.
	newAnalyzer := func() *analysis.Analyzer {
		a := analyzer.New()
		file.Apply(a, modeArgs) // checked above
		return a
	}
	switch {
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(lsp.Main(newAnalyzer, version(), args[1:], os.Stdin, os.Stdout, os.Stderr))
	case sarif.Requested(args):
		os.Exit(sarif.Main(newAnalyzer(), version(), args, os.Stdout, os.Stderr))
	case os.Getenv(standardEnv) != "":
		// A run of the standard driver on behalf of the parent process.
		singlechecker.Main(newAnalyzer())
	}

	// Check the flags on an analyzer of their own before singlechecker
	// parses them (into a fresh analyzer: list flags append), so that a bad
	// value is one line and exit 2, before anything is loaded, in every
	// mode, and so that go vet never caches the outcome (see vetUnit).
	opts, err := parseArgs(newAnalyzer(), args)
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
		// A flag only singlechecker knows how to answer.
		singlechecker.Main(newAnalyzer())
	}
	if unit != nil {
		a := newAnalyzer()
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
		os.Exit(driver.Main(newAnalyzer(), args, os.Stdout, os.Stderr))
	}
	singlechecker.Main(newAnalyzer())
}

// vetToolID prints the tool ID go vet asks for with -V=full, in the form
// of the go/analysis drivers ("<path> version devel comments-go-here
// buildID=<hash>"), where the hash covers the executable and the
// configuration file found from the working directory (go vet runs -V=full
// where it runs).
func vetToolID(w io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		return cli.ExitError
	}
	h := sha256.New()
	f, err := os.Open(exe)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		return cli.ExitError
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		return cli.ExitError
	}
	if path, _ := config.Find("."); path != "" {
		data, _ := os.ReadFile(path)
		h.Write(data)
	}
	fmt.Fprintf(w, "%s version devel comments-go-here buildID=%02x\n", exe, h.Sum(nil))
	return cli.ExitOK
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
