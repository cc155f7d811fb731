package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// TestModes checks that the modes dispatched before singlechecker (lsp,
// -sarif) leave the go vet protocol alone, and that each answers.
func TestModes(t *testing.T) {
	bin := binary(t)
	dir := module(t, map[string]string{
		"go.mod": "module example.com/web\n\ngo 1.25\n",
		"web.go": "package web\n\nimport \"net/http\"\n\nfunc Handle(w http.ResponseWriter, r *http.Request) {\n\tgo func() { w.Write(nil) }()\n}\n",
		// Suppression happens in the analyzer: go vet honours it too.
		"quiet.go": "package web\n\nimport \"net/http\"\n\nfunc Quiet(w http.ResponseWriter, r *http.Request) {\n\tgo func() { w.(http.Flusher).Flush(); _ = r.Header[\"X\"][0] }() //ginctxlint:ignore ctxcopy,gorecover the test says so\n}\n\n//ginctxlint:ignore ctxcopy stale\nfunc Stale() {}\n",
	})
	runIn := func(stdin string, args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}

	t.Run("vet flags", func(t *testing.T) {
		out, code := runIn("", "-flags")
		var flags []struct{ Name string }
		if err := json.Unmarshal([]byte(out), &flags); err != nil || code != 0 {
			t.Fatalf("-flags: exit %d, %v\n%s", code, err, out)
		}
		for _, f := range flags {
			if f.Name == "sarif" || f.Name == "lsp" {
				t.Errorf("-flags lists %q: go vet would pass it to the unitchecker", f.Name)
			}
		}
	})
	t.Run("go vet", func(t *testing.T) {
		cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "web.go:6:14: ctxcopy: w (http.ResponseWriter)") {
			t.Errorf("go vet: %v\n%s", err, out)
		}
		if strings.Contains(string(out), "quiet.go:6") || !strings.Contains(string(out), "quiet.go:9:1: ginctxlint: unused ignore directive") {
			t.Errorf("go vet: want quiet.go:6 suppressed and the directive on quiet.go:9 reported as unused:\n%s", out)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		out, code := runIn("", "-sarif", "-disable=all", "-enable=ctxcopy", "./...")
		var log struct {
			Version string
			Runs    []struct{ Results []struct{ RuleID string } }
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil || code != 0 {
			t.Fatalf("-sarif: exit %d, %v\n%s", code, err, out)
		}
		var rules []string
		for _, r := range log.Runs[0].Results {
			rules = append(rules, r.RuleID)
		}
		if log.Version != "2.1.0" || strings.Join(rules, ",") != "ignore,ctxcopy" {
			t.Errorf("-sarif: results %v, want the unused directive in quiet.go and ctxcopy in web.go\n%s", rules, out)
		}
	})
	t.Run("lsp", func(t *testing.T) {
		var in bytes.Buffer
		for _, m := range []string{
			`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`,
			`{"jsonrpc":"2.0","method":"initialized","params":{}}`,
			`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
			`{"jsonrpc":"2.0","method":"exit"}`,
		} {
			fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(m), m)
		}
		out, code := runIn(in.String(), "lsp")
		if code != 0 || !strings.Contains(out, `"codeActionProvider"`) || !strings.Contains(out, `"id":2,"result":null`) {
			t.Errorf("lsp: exit %d\n%s", code, out)
		}
	})
}

// TestHelp: -help and "help" (which go vet's error for an unknown flag
// suggests) print every mode and the flags of every driver, and exit 0.
func TestHelp(t *testing.T) {
	dir := module(t, map[string]string{"go.mod": "module example.com/web\n\ngo 1.25\n"})
	for _, args := range [][]string{{"-help"}, {"help"}, {"-h"}, {"-json", "-help"}} {
		r := run(t, dir, args...)
		if r.Code != 0 {
			t.Errorf("ginctxlint %s: exit %d, want 0\n%s%s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
		}
		for _, want := range []string{"ginctxlint lsp", "-sarif", "-cache", "-dep-facts", "-json", "-fix", "-diff", "-tags", "-enable", "-gorecover.strict", "ctxcopy"} {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("ginctxlint %s does not mention %s:\n%s", strings.Join(args, " "), want, r.Stdout)
			}
		}
	}
}
