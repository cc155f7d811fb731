package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// options are what main needs to know of the arguments before handing
// them to singlechecker.
type options struct {
	json, fix, diff bool
	tags            string
	patterns        []string
}

// badFlagError is an invalid value of one of the analyzer's flags, or a
// configuration its rules reject.
type badFlagError struct{ err error }

func (e *badFlagError) Error() string { return e.err.Error() }
func (e *badFlagError) Unwrap() error { return e.err }

// Flags of the drivers (the go/analysis single checker, internal/driver)
// besides the analyzer's, by kind, so that the arguments parse here as
// they will there.
var (
	driverBools  = []string{"json", "fix", "diff", "test", "flags", "v", "V", "cache", "dep-facts", "source", "all"}
	driverValues = []string{"c", "debug", "cpuprofile", "memprofile", "trace"}
)

// parseArgs parses args as singlechecker will, setting the flags of a
// (which validate their values when set: rule.Config.RegisterFlags). An
// invalid value of a's flags, or a configuration a's rules reject, is a
// *badFlagError; any other error (an unknown flag, -help) is left for
// singlechecker to answer.
func parseArgs(a *analysis.Analyzer, args []string) (options, error) {
	var opts options
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var bad error
	a.Flags.VisitAll(func(f *flag.Flag) {
		fs.Var(recordErr{f.Value, f.Name, &bad}, f.Name, f.Usage)
	})
	for _, name := range driverBools {
		fs.Var(&anyValue{isBool: true}, name, "")
	}
	for _, name := range driverValues {
		fs.Var(&anyValue{}, name, "")
	}
	fs.StringVar(&opts.tags, cli.TagsFlag, "", cli.TagsUsage)
	err := fs.Parse(args)
	if bad != nil {
		return opts, &badFlagError{bad}
	}
	if err != nil {
		return opts, err
	}
	if cfg := rule.ConfigOf(a); cfg != nil {
		if err := cfg.Validate(); err != nil {
			return opts, &badFlagError{err}
		}
	}
	opts.json = fs.Lookup("json").Value.String() == "true"
	opts.fix = fs.Lookup("fix").Value.String() == "true"
	opts.diff = fs.Lookup("diff").Value.String() == "true"
	opts.patterns = fs.Args()
	return opts, nil
}

// recordErr is one of the analyzer's flags; it remembers the error of
// Set, so that parseArgs can tell a bad value from a bad flag.
type recordErr struct {
	flag.Value
	name string
	err  *error
}

func (r recordErr) Set(s string) error {
	err := r.Value.Set(s)
	if err != nil && *r.err == nil {
		*r.err = fmt.Errorf("invalid value %q for flag -%s: %v", s, r.name, err)
	}
	return err
}

func (r recordErr) IsBoolFlag() bool {
	b, ok := r.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// anyValue stands for a flag of singlechecker's, which checks the value.
type anyValue struct {
	isBool bool
	s      string
}

func (v *anyValue) String() string {
	if v == nil {
		return ""
	}
	return v.s
}

func (v *anyValue) Set(s string) error {
	v.s = s
	return nil
}

func (v *anyValue) IsBoolFlag() bool { return v.isBool }

// unit is the part of go vet's per-package configuration file main reads.
type unit struct {
	ImportPath string
	Dir        string // the package's directory
	VetxOnly   bool   // computing facts for importers, not reporting
}

// vetUnit returns the configuration go vet passes when it runs the command
// as a vet tool on one package (the last argument, *.cfg), or nil.
//
// go vet caches a package's result when the tool exits 0, and since Go
// 1.26 it asks the tool for -json, where the go/analysis driver reports an
// analyzer's error inside the JSON and exits 0; go vet prints the error
// and fails, but keeps the package's facts in its cache and not the error,
// so the next run is green without a word. So a bad configuration, or an
// error of a rule, must make the tool itself exit non-zero: then go vet
// caches nothing and fails on every run.
func vetUnit(args []string) *unit {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return nil
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return nil // singlechecker will say so
	}
	u := new(unit)
	if json.Unmarshal(data, u) != nil {
		return nil
	}
	return u
}

// failOnError returns a copy of a whose errors end the process with
// ExitError, so that go vet does not cache them (see vetUnit).
func failOnError(a *analysis.Analyzer) *analysis.Analyzer {
	wrapped := *a
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		res, err := a.Run(pass)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %s: %v\n", a.Name, pass.Pkg.Path(), err)
			os.Exit(cli.ExitError)
		}
		return res, err
	}
	return &wrapped
}
