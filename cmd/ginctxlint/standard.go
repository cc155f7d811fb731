package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ginctxlint/ginctxlint/internal/cli"
)

// standardEnv, set in its environment, makes the command run the standard
// go/analysis driver (singlechecker) on its arguments and nothing else.
// That driver applies fixes, and then ends the process with its own exit
// code, which is not the contract of internal/cli for -fix; so for -fix,
// the command runs itself as a child and turns the child's result into
// ours.
const standardEnv = "GINCTXLINT_STANDARD_DRIVER"

// runChild runs the command on args in a child process — the standard
// driver if standard is set — with stdin passed through, and its stdout
// and stderr written to the given writers.
func runChild(args []string, standard bool, stdout, stderr io.Writer) (code int, err error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = os.Environ()
	if standard {
		cmd.Env = append(cmd.Env, standardEnv+"=1")
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	return 0, err
}

// fix is -fix and -fix -diff: the standard driver applies the fixes (or
// prints them as a diff, made one that git apply and patch -p1 accept:
// see patchable), then the findings that remain are printed, as text on
// stderr, and the exit code says whether any do: after -fix, those
// without a fix (or whose fix conflicted with another); after -fix -diff,
// which writes nothing, all of them (those without a fix are printed, the
// others are in the diff). The second run is our driver's (-json), which
// its cache makes cheap for the packages -fix did not change.
//
// A package that does not load or type-check makes the standard driver
// print its errors and exit 1 after fixing the others: the findings that
// remain are printed all the same, as without that package, and the exit
// code is 1 (the analysis was incomplete).
func fix(args []string, opts options) int {
	var diff bytes.Buffer
	stdout := io.Writer(os.Stdout)
	if opts.diff {
		stdout = &diff
	}
	code, err := runChild(args, true, stdout, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		return cli.ExitError
	}
	if opts.diff {
		wd, err := os.Getwd()
		if err != nil {
			fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
			return cli.ExitError
		}
		os.Stdout.Write(patchable(diff.Bytes(), wd))
	}
	broken := code == cli.ExitError
	if code != cli.ExitOK && !broken {
		return code
	}
	// With a broken package, the second run's stderr repeats the errors
	// the first printed.
	var out, errOut bytes.Buffer
	code, err = runChild(append([]string{"-json"}, without(args, "fix", "diff", "json")...), false, &out, &errOut)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		return cli.ExitError
	}
	if !broken {
		os.Stderr.Write(errOut.Bytes())
	}
	diags, errs, err := parseJSON(out.Bytes())
	if err != nil {
		fmt.Fprintf(os.Stderr, "ginctxlint: %v\n", err)
		return cli.ExitError
	}
	for _, e := range errs {
		if broken && consequence(e) {
			continue
		}
		fmt.Fprintf(os.Stderr, "ginctxlint: %s\n", e)
	}
	for _, d := range diags {
		if opts.diff && len(d.SuggestedFixes) > 0 {
			continue // shown in the diff
		}
		fmt.Fprintf(os.Stderr, "%s: %s\n", d.Posn, d.Message)
		for _, r := range d.Related {
			fmt.Fprintf(os.Stderr, "%s: \t%s\n", r.Posn, r.Message)
		}
	}
	switch {
	case broken || code != 0 || len(errs) > 0:
		return cli.ExitError
	case len(diags) > 0:
		return cli.ExitFindings
	}
	return cli.ExitOK
}

// consequence reports whether a package's analysis error (as parseJSON
// returns it) only follows from a package that did not load or
// type-check, whose errors are already printed.
func consequence(err string) bool {
	return strings.HasSuffix(err, ": analysis skipped due to errors in package") || strings.Contains(err, ": failed prerequisites: ")
}

// without returns args without the named boolean flags (which take no
// separate value argument).
func without(args []string, names ...string) []string {
	var out []string
	for i, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return append(out, args[i:]...)
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !slices.Contains(names, name) {
			out = append(out, a)
		}
	}
	return out
}

type jsonDiagnostic struct {
	Category       string            `json:"category"`
	Posn           string            `json:"posn"`
	Message        string            `json:"message"`
	SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
	Related        []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// parseJSON reads the standard driver's -json output: the diagnostics,
// each once (a package and its test variant report the findings of their
// shared files twice), sorted by position, and the errors, as
// "package: error".
func parseJSON(out []byte) ([]jsonDiagnostic, []string, error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&tree); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("reading the driver's -json output: %v", err)
	}
	var diags []jsonDiagnostic
	var errs []string
	seen := map[string]bool{}
	for pkg, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			var e struct{ Error string }
			if json.Unmarshal(raw, &e) == nil && e.Error != "" {
				errs = append(errs, pkg+": "+e.Error)
				continue
			}
			var list []jsonDiagnostic
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, nil, fmt.Errorf("reading the driver's -json output: %v", err)
			}
			for _, d := range list {
				key := d.Posn + "\x00" + d.Category + "\x00" + d.Message
				if !seen[key] {
					seen[key] = true
					diags = append(diags, d)
				}
			}
		}
	}
	sort.SliceStable(diags, func(i, j int) bool { return posnLess(diags[i].Posn, diags[j].Posn) })
	sort.Strings(errs)
	return diags, errs, nil
}

// posnLess orders "file:line:col" positions by file, then line and column
// as numbers.
func posnLess(a, b string) bool {
	fa, la, ca := splitPosn(a)
	fb, lb, cb := splitPosn(b)
	if fa != fb {
		return fa < fb
	}
	if la != lb {
		return la < lb
	}
	return ca < cb
}

func splitPosn(p string) (file string, line, col int) {
	rest, c, _ := cutLast(p, ":")
	file, l, _ := cutLast(rest, ":")
	line, _ = strconv.Atoi(l)
	col, _ = strconv.Atoi(c)
	return file, line, col
}

func cutLast(s, sep string) (before, after string, ok bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}
