package driver

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/cli"
)

// BatchGCPercent is the collector's target of a run of the command, unless
// GOGC sets one: the heap may grow to three times the live data between
// collections rather than twice. A run frees each package's syntax and
// types once its importers are done, so its live heap stays small (peak
// RSS about half the no-facts floor's on the generated services) and, at
// Go's default of 100, the collector runs often: a sixth to a fifth of
// the CPU. 200 spends part of that headroom on fewer collections
// (docs/benchmarks.md, issue 21's second pass: 7–9 % less CPU on the
// generated services; on the 501-package one, peak RSS 163 → 273 MB
// against the floor's 339 MB). The language server, which lives for
// hours, keeps Go's default.
const BatchGCPercent = 200

// Requested reports whether the command line (without the program name)
// is one this driver runs: packages to analyse, with no flag that only
// singlechecker knows. -fix and -diff stay with singlechecker (its fix
// merging and conflict handling are internal to x/tools), as do go vet's
// protocol (-flags, -V=full, a .cfg file), -debug and -trace, -help and
// an empty command line (its usage).
func Requested(args []string) bool {
	patterns := 0
	flags := true
	for _, a := range args {
		if flags && a == "--" {
			flags = false
			continue
		}
		if flags && strings.HasPrefix(a, "-") {
			name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			switch name {
			case "fix", "diff", "flags", "V", "debug", "trace", "h", "help":
				return false
			}
			continue
		}
		flags = false
		if strings.HasSuffix(a, ".cfg") {
			return false
		}
		patterns++
	}
	return patterns > 0
}

// Main runs a on the packages named in args the way singlechecker.Main
// does — the same flags (those of a, -json, -c, -test and vet's legacy
// no-op flags), the same output on stderr (text) or stdout (-json), the
// same exit codes — through this driver, and returns the exit code.
// -tags is added to GOFLAGS (internal/cli). -dep-facts analyses module
// dependencies from source (Config.DepsFromSource). -cache=false, or
// GINCTXLINT_CACHE=off, analyses everything again without reading or
// writing the cache.
func Main(a *analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	jsonOut := fs.Bool("json", false, "emit JSON output")
	context := fs.Int("c", -1, "display offending line with this many lines of context")
	tests := fs.Bool("test", true, "indicates whether test files should be analyzed, too")
	fs.Func(cli.TagsFlag, cli.TagsUsage, func(s string) error { cli.ApplyTags(s); return nil })
	useCache := fs.Bool("cache", true, "read and write the analysis cache ($"+CacheEnv+", \"off\" to disable)")
	depFacts := fs.Bool("dep-facts", false, "type-check module dependencies from source and run the analyzer on them, as singlechecker does (slower; the rules compute nothing for dependencies, so the findings are the same); by default they come from export data")
	cpuprofile := fs.String("cpuprofile", "", "write CPU profile to this file")
	memprofile := fs.String("memprofile", "", "write memory profile to this file")
	fs.Bool("source", false, "no effect (deprecated)")
	fs.Bool("v", false, "no effect (deprecated)")
	fs.Bool("all", false, "no effect (deprecated)")
	fs.Usage = func() {
		paras := strings.Split(a.Doc, "\n\n")
		fmt.Fprintf(stderr, "%s: %s\n\nUsage: %s [-flag] [package]\n\nFlags:\n", a.Name, paras[0], a.Name)
		fs.PrintDefaults()
	}
	if !cli.Parse(fs, args, stderr, "ginctxlint -help") {
		return cli.ExitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage() // as singlechecker: usage, exit 1
		return cli.ExitError
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
			return cli.ExitError
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
			return cli.ExitError
		}
		defer pprof.StopCPUProfile()
	}
	if *memprofile != "" {
		defer func() {
			if f, err := os.Create(*memprofile); err == nil {
				runtime.GC()
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}()
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(BatchGCPercent)
	}
	cfg := &Config{Tests: *tests, DepsFromSource: *depFacts}
	var cache *Cache
	if dir := DefaultCacheDir(); *useCache && dir != "" {
		cache, _ = OpenCache(dir) // no cache is slower, not wrong
	}
	g, roots, err := Run(cfg, a, cache, fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
		return cli.ExitError
	}
	loadErrors := printErrors(stderr, roots)
	return exitCode(g, loadErrors, *jsonOut, func() error {
		if *jsonOut {
			return printJSON(stdout, g)
		}
		return printText(stderr, g, *context)
	})
}

// Run loads the packages matching patterns and analyses them with a. The
// packages' own errors are in the returned roots (and their
// dependencies), as with packages.Load.
func Run(cfg *Config, a *analysis.Analyzer, cache *Cache, patterns ...string) (*checker.Graph, []*packages.Package, error) {
	prog, err := Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	g, err := prog.Analyze(a, cache)
	if err != nil {
		return nil, nil, err
	}
	return g, prog.Roots, nil
}

// printErrors prints the errors of the packages (listing, parsing,
// type-checking) as packages.PrintErrors does, to w.
func printErrors(w io.Writer, roots []*packages.Package) int {
	var n int
	seenModules := map[*packages.Module]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			fmt.Fprintln(w, err)
			n++
		}
		if mod := p.Module; mod != nil && mod.Error != nil && !seenModules[mod] {
			seenModules[mod] = true
			fmt.Fprintln(w, mod.Error.Err)
			n++
		}
	})
	return n
}

// exitCode prints the results with print and returns the exit code of
// internal/cli: 1 if packages had errors, an analysis failed or printing
// failed; else, for text output, 3 if a root package has findings; else 0.
// Unlike singlechecker's -json, which exits 0 when an analysis failed,
// -json exits 1 then too: the output is incomplete.
func exitCode(g *checker.Graph, loadErrors int, jsonOut bool, print func() error) int {
	code := 0
	if loadErrors > 0 {
		code = 1
	}
	if err := print(); err != nil {
		return cli.ExitError
	}
	var numErrors, rootDiags int
	for act := range g.All() {
		if act.Err != nil {
			numErrors++
		} else if act.IsRoot {
			rootDiags += len(act.Diagnostics)
		}
	}
	if numErrors > 0 {
		code = max(code, 1)
	} else if rootDiags > 0 && !jsonOut {
		code = max(code, 3)
	}
	return code
}
