// Package e2etest helps tests that run real drivers (the ginctxlint
// command, go vet, go fix, golangci-lint) over the end-to-end testdata
// module, testdata/e2e: it copies the module, builds the command, runs
// tools offline and parses what they print into comparable findings.
package e2etest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Root returns the directory of the ginctxlint module.
func Root(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/ginctxlint/ginctxlint").Output()
	if err != nil {
		t.Fatalf("locating the ginctxlint module: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// Env is the environment for running tools on the testdata module: the
// module cache only (GOPROXY=off proves no network is needed; `make deps`
// fills the cache), the local toolchain, no workspace.
func Env() []string {
	return append(os.Environ(), "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-mod=readonly")
}

// CopyModule copies testdata/e2e into a new temporary directory and returns
// its path, so that tools may rewrite it. Copy that copy (CopyDir) for
// further runs: testdata/e2e may change while a test runs.
func CopyModule(t testing.TB) string {
	t.Helper()
	src := filepath.Join(Root(t), "testdata", "e2e")
	if _, err := os.Stat(filepath.Join(src, "go.mod")); err != nil {
		t.Fatalf("no end-to-end module: %v", err)
	}
	return CopyDir(t, src)
}

// CopyDir copies the tree at src into a new temporary directory and
// returns the copy's path.
func CopyDir(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
	// A resolved path, so that paths printed by tools compare equal.
	if dst, err = filepath.EvalSymlinks(dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// Download fails the test with a useful message if the module cache lacks
// what dir needs.
func Download(t testing.TB, dir string) {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "./...")
	cmd.Dir, cmd.Env = dir, Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the end-to-end module does not load offline (run `make deps`): %v\n%s", err, out)
	}
}

// BuildCommand builds cmd/ginctxlint into a temporary directory.
func BuildCommand(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ginctxlint")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/ginctxlint/ginctxlint/cmd/ginctxlint")
	cmd.Dir = Root(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Result is what a command did.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs name with args in dir, offline, and returns its output and
// exit code; it fails the test only if the command could not run at all.
func Run(t testing.TB, dir, name string, args ...string) Result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, Env()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		r.Code = ee.ExitCode()
	}
	return r
}

// A Finding is one reported position: a diagnostic, or (Related) one of
// its related positions.
type Finding struct {
	File    string // slash-separated, relative to the module
	Line    int
	Message string
	Related bool
}

func (f Finding) String() string {
	if f.Related {
		return fmt.Sprintf("%s:%d: \t%s", f.File, f.Line, f.Message)
	}
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)
}

// Rule returns the rule ID the message starts with, or "".
func (f Finding) Rule() string {
	id, _, ok := strings.Cut(f.Message, ": ")
	if !ok || strings.ContainsAny(id, " \t") {
		return ""
	}
	return id
}

var textLine = regexp.MustCompile(`^(.+?\.go):(\d+):(?:\d+:)? (.*)$`)

// ParseText parses the text output of the analysis drivers (the command
// and go vet): "file:line:col: message" per diagnostic, and a tab before
// the message of each related position. Paths are made relative to dir.
// Lines that are not findings ("# pkg" headers) are returned apart, for
// error messages.
func ParseText(dir, out string) (findings []Finding, other []string) {
	for _, line := range strings.Split(out, "\n") {
		m := textLine.FindStringSubmatch(line)
		if m == nil {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "# ") {
				other = append(other, line)
			}
			continue
		}
		n, _ := strconv.Atoi(m[2])
		msg, related := strings.CutPrefix(m[3], "\t")
		findings = append(findings, Finding{File: Rel(dir, m[1]), Line: n, Message: msg, Related: related})
	}
	return findings, other
}

// Rel returns path relative to dir, slash-separated.
func Rel(dir, path string) string {
	if filepath.IsAbs(path) {
		if r, err := filepath.Rel(dir, path); err == nil {
			path = r
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// A JSONDiagnostic is one diagnostic of the analysis drivers' -json output.
type JSONDiagnostic struct {
	Category       string `json:"category"`
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// ParseJSON parses -json output (package path → analyzer → diagnostics,
// or an {"error": ...} object for a package that failed) into the list of
// diagnostics, failing on an error object.
func ParseJSON(out string) ([]JSONDiagnostic, error) {
	var raw map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		return nil, fmt.Errorf("parsing -json output: %v\n%s", err, out)
	}
	var diags []JSONDiagnostic
	for pkg, byAnalyzer := range raw {
		for name, msg := range byAnalyzer {
			var list []JSONDiagnostic
			if err := json.Unmarshal(msg, &list); err != nil {
				return nil, fmt.Errorf("package %s, analyzer %s: %s", pkg, name, msg)
			}
			diags = append(diags, list...)
		}
	}
	return diags, nil
}

// FindingOf returns the position part of a JSON posn ("file:line:col").
func FindingOf(dir, posn, message string, related bool) Finding {
	f := Finding{Message: message, Related: related}
	rest, col, ok := cutLast(posn, ":")
	if _, err := strconv.Atoi(col); ok && err == nil {
		if file, line, ok := cutLast(rest, ":"); ok {
			f.File = Rel(dir, file)
			f.Line, _ = strconv.Atoi(line)
		}
	}
	return f
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// Keys returns the sorted string forms of findings, for set comparison and
// readable failures.
func Keys(findings []Finding) []string {
	var keys []string
	for _, f := range findings {
		keys = append(keys, f.String())
	}
	slices.Sort(keys)
	return keys
}

// Diff returns the lines only in want and only in got, each sorted.
func Diff(want, got []string) (missing, extra []string) {
	count := map[string]int{}
	for _, k := range got {
		count[k]++
	}
	for _, k := range want {
		if count[k] > 0 {
			count[k]--
		} else {
			missing = append(missing, k)
		}
	}
	for k, n := range count {
		for range n {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return missing, extra
}

// Snapshot returns the contents of the .go files under dir by relative path.
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		files[Rel(dir, path)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Patch applies diff, as printed by -fix -diff, to a copy of dir with the
// command patch (its arguments; "git apply" runs in a new repository made
// of the copy), and returns the .go files that result by relative path.
func Patch(t testing.TB, dir, diff string, patch ...string) (map[string]string, error) {
	t.Helper()
	work := CopyDir(t, dir)
	if patch[0] == "git" {
		for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
			cmd := exec.Command("git", args...)
			cmd.Dir = work
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	cmd := exec.Command(patch[0], patch[1:]...)
	cmd.Dir = work
	cmd.Stdin = strings.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", strings.Join(patch, " "), err, out)
	}
	return Snapshot(t, work), nil
}

// BuildOffline builds pkgs of the module in dir into out (a file for one
// package, a directory ending in a separator for several), from the
// module cache only (`make deps` fills it). No deadline of its own: on a
// clean machine it compiles gin and its dependencies, minutes under load;
// go test's -timeout catches a hang.
func BuildOffline(t testing.TB, dir, out string, pkgs ...string) {
	t.Helper()
	build := exec.Command("go", append([]string{"build", "-o", out}, pkgs...)...)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
}

// FreeAddr returns a loopback address no one listens on, for a server
// under test.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// WaitHealthy waits up to 10 s for url to answer 200, failing early if
// exited (nil: not watched) says the server stopped.
func WaitHealthy(t testing.TB, client *http.Client, url string, exited <-chan error) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-exited:
			t.Fatalf("the server exited before serving: %v", err)
		default:
		}
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatalf("%s did not answer 200 within 10s", url)
}
