package sarif

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/driver"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Flag is the command-line flag that selects SARIF output.
const Flag = "sarif"

// Requested reports whether args (without the program name) ask for SARIF
// output: -sarif among the flags, before the first package pattern. The
// command checks this before singlechecker parses its flags, so that
// -sarif never appears in the -flags list go vet reads (vet would then
// pass it on to the unitchecker, which has no such mode).
func Requested(args []string) bool {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == Flag {
			return true
		}
	}
	return false
}

// Main runs analyzer a on the packages named in args and writes a SARIF
// log to stdout. Like -json, it exits 0 when findings were written (CI
// uploads the log; the dashboard decides what fails), 1 on errors and 2
// on bad usage (see internal/cli).
func Main(a *analysis.Analyzer, version string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool(Flag, true, "write findings as SARIF 2.1.0 to stdout")
	tests := fs.Bool("test", true, "also analyze test files")
	fs.Func(cli.TagsFlag, cli.TagsUsage, func(s string) error { cli.ApplyTags(s); return nil })
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s -sarif [-flag] [package]\n\nFlags:\n", a.Name)
		fs.PrintDefaults()
	}
	if !cli.Parse(fs, args, stderr, "ginctxlint -sarif -help") {
		return cli.ExitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return cli.ExitUsage
	}
	if cfg := rule.ConfigOf(a); cfg != nil {
		if err := cfg.Validate(); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
			return cli.ExitUsage
		}
	}
	log, err := Analyze(a, version, fs.Args(), *tests)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
		return cli.ExitError
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
		return cli.ExitError
	}
	if !log.Runs[0].Invocations[0].ExecutionSuccessful {
		return cli.ExitError
	}
	return cli.ExitOK
}

// Analyze loads the packages matching patterns, runs a on them and returns
// the findings as a SARIF log whose locations are relative to the current
// directory. Package and rule errors go into the log as notifications.
func Analyze(a *analysis.Analyzer, version string, patterns []string, tests bool) (*Log, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	// The command's own driver (internal/driver), with its cache.
	var cache *driver.Cache
	if dir := driver.DefaultCacheDir(); dir != "" {
		cache, _ = driver.OpenCache(dir)
	}
	g, pkgs, err := driver.Run(&driver.Config{Tests: tests}, a, cache, patterns...)
	if err != nil {
		return nil, err
	}
	var rules []*rule.Rule
	if cfg := rule.ConfigOf(a); cfg != nil {
		rules = cfg.Rules()
	}
	b := NewBuilder(a.Name, version, rules, cwd, os.ReadFile)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			b.AddError(e.Error())
		}
	})
	var errs []string
	for _, act := range g.Roots {
		if act.Err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", act.Package.PkgPath, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			b.Add(act.Package.Fset, d)
		}
	}
	slices.Sort(errs)
	for _, e := range slices.Compact(errs) {
		b.AddError(e)
	}
	return b.Log(), nil
}
