package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/driver"
	"github.com/ginctxlint/ginctxlint/internal/sarif"
)

// helpRequested reports whether args ask for the command's help: "help"
// as the first argument (go vet's error for an unknown flag suggests
// "ginctxlint help"), or -h or -help among the flags.
func helpRequested(args []string) bool {
	if len(args) > 0 && args[0] == "help" {
		return true
	}
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			return true
		}
	}
	return false
}

// driverUsage is the usage of each flag of the drivers besides the
// analyzer's (driverBools and driverValues, -tags and -sarif), as
// singlechecker, internal/driver and internal/sarif define them.
func driverUsage() map[string]string {
	return map[string]string{
		"json":       "emit JSON output (each finding once; exit 0 when complete, findings or not)",
		"fix":        "apply the suggested fixes, then print the findings that remain",
		"diff":       "with -fix: print the fixes as a patch (git apply, patch -p1) instead of applying them",
		"c":          "display offending line with this many lines of context (default -1)",
		"test":       "also analyze test files (default true)",
		"cache":      "read and write the analysis cache ($" + driver.CacheEnv + ", \"off\" to disable) (default true)",
		"dep-facts":  "type-check module dependencies from source and run the analyzer on them, as singlechecker does (slower, same findings)",
		"flags":      "print the analyzer's flags in JSON (go vet's protocol)",
		"V":          "print version and exit (-V=full for go vet)",
		"debug":      "debug flags of the go/analysis driver (with -fix, -diff)",
		"cpuprofile": "write CPU profile to this file",
		"memprofile": "write memory profile to this file",
		"trace":      "write trace log to this file",
		"source":     "no effect (deprecated)",
		"v":          "no effect (deprecated)",
		"all":        "no effect (deprecated)",
		cli.TagsFlag: cli.TagsUsage,
		sarif.Flag:   "write the findings as SARIF 2.1.0 to stdout (docs/sarif.md)",
	}
}

// usage writes the command's help: how to run each mode, the rules, the
// analyzer's flags (its rules' settings) and the drivers' flags.
func usage(w io.Writer, a *analysis.Analyzer) {
	summary, rest, _ := strings.Cut(a.Doc, "\n\n")
	fmt.Fprintf(w, `%[1]s: %[2]s

Usage:
  %[1]s [flags] packages...             report findings (text on stderr)
  %[1]s -fix [-diff] [flags] packages... apply the suggested fixes (or print them as a patch)
  %[1]s -json [flags] packages...       findings as JSON on stdout
  %[1]s -sarif [flags] packages...      findings as SARIF 2.1.0 on stdout
  %[1]s lsp [flags]                     language server on stdin/stdout (%[1]s lsp -help)
  %[1]s help                            this help
  go vet -vettool=$(command -v %[1]s) [flags] packages...

Exit codes: 0 nothing to report, 1 analysis incomplete, 2 bad flag or
configuration, 3 findings remain (see the README's "Exit codes").

%[3]s

Flags of the rules:
`, a.Name, summary, rest)
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nFlags of the command:\n")
	flags := driverUsage()
	names := make([]string, 0, len(flags))
	for name := range flags {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  -%s\n    \t%s\n", name, flags[name])
	}
}
