// Package cli holds what every ginctxlint mode (the command, -sarif, the
// language server, the go vet tool) agrees on: exit codes, and the -tags
// flag.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes of every mode. They extend those of go vet (0 clean, 1
// findings or errors) and of the go/analysis single checkers (3 for
// findings) so that a CI step can rely on them; see the README's "Exit
// codes".
const (
	// ExitOK: nothing remains to report. With -json or -sarif: the output
	// was written and the analysis was complete, findings or not (they
	// are in the output).
	ExitOK = 0
	// ExitError: the analysis was incomplete: a package did not load or
	// type-check, a rule failed, a fix could not be applied. -json and
	// -sarif still write what they have.
	ExitError = 1
	// ExitUsage: a bad flag or configuration (an unknown rule, an invalid
	// option value), reported before any package is loaded.
	ExitUsage = 2
	// ExitFindings: findings remain (text output, -fix with findings that
	// have no fix, -fix -diff with any finding).
	ExitFindings = 3
)

// TagsFlag is the flag naming build tags; TagsUsage is its usage text.
const (
	TagsFlag  = "tags"
	TagsUsage = "comma-separated build tags, as for go build (added to GOFLAGS, which every mode honours)"
)

// ApplyTags makes the packages loaded by this process, and by the go
// commands it starts, see the build tags (comma- or space-separated): it
// appends -tags to GOFLAGS, where a later -tags wins over one the user
// set, as on the go command line.
func ApplyTags(tags string) {
	tags = strings.Join(strings.FieldsFunc(tags, func(r rune) bool { return r == ',' || r == ' ' }), ",")
	if tags == "" {
		return
	}
	flags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -tags=" + tags)
	os.Setenv("GOFLAGS", flags)
}

// Parse parses args into fs, a flag.ContinueOnError set whose flags check
// their values in Set (see rule.Config.RegisterFlags). A bad flag is
// reported as one line on stderr, with a pointer to -help; -help prints
// fs's usage. It returns false, and the process should exit with
// ExitUsage, in both cases.
func Parse(fs *flag.FlagSet, args []string, stderr io.Writer, help string) bool {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return false
	case err != nil:
		fmt.Fprintf(stderr, "ginctxlint: %v\nRun '%s' for usage.\n", err, help)
		return false
	}
	return true
}
