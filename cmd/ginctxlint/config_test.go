package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// strictConfig turns on gorecover's strict option, which reports the
// handler's goroutine (it does not recover) where the defaults do not.
const strictConfig = "# the team's settings\nrules:\n  - name: gorecover\n    options:\n      strict: true\n"

// TestConfigFile: .ginctxlint.yml, found from the working directory up to
// the module root, configures every route (text, -json, -fix, -sarif, the
// language server, go vet); flags win over it; a bad file stops each
// route with its name and line before anything is loaded.
func TestConfigFile(t *testing.T) {
	bin := binary(t)
	dir := module(t, map[string]string{
		"go.mod":             "module example.com/web\n\ngo 1.25\n",
		"web.go":             handler,
		"sub/sub.go":         "package sub\n",
		".ginctxlint.yml":    strictConfig,
		"nested/go.mod":      "module example.com/nested\n\ngo 1.25\n",
		"nested/web.go":      handler,
		"../.ginctxlint.yml": "disable: [ctxcopy]\n", // above the module root: never read
	})
	gorecover := func(args ...string) func(t *testing.T, r e2etest.Result) {
		return func(t *testing.T, r e2etest.Result) {
			// -fix -diff shows the gorecover finding as its fix.
			if !strings.Contains(r.Stdout+r.Stderr, "gorecover:") && !strings.Contains(r.Stdout, "recover()") {
				t.Errorf("ginctxlint %s: exit %d, no gorecover finding: the file was not read\n%s%s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
			}
		}
	}
	for _, args := range [][]string{{"./..."}, {"-json", "./..."}, {"-sarif", "./..."}, {"-fix", "-diff", "./..."}} {
		r := run(t, dir, args...)
		gorecover(args...)(t, r)
		if args[0] == "./..." && !strings.Contains(r.Stderr, "ctxcopy:") {
			t.Errorf("ctxcopy is disabled by a file above the module root:\n%s", r.Stderr)
		}
	}
	// From a subdirectory: the file at the module root applies.
	gorecover("(in sub) ..")(t, e2etest.Run(t, filepath.Join(dir, "sub"), bin, ".."))
	// The flag wins.
	if r := run(t, dir, "-gorecover.strict=false", "./..."); strings.Contains(r.Stderr, "gorecover:") {
		t.Errorf("-gorecover.strict=false does not override the file:\n%s", r.Stderr)
	}
	// Another module below: its root bounds the search.
	if r := e2etest.Run(t, filepath.Join(dir, "nested"), bin, "./..."); strings.Contains(r.Stderr, "gorecover:") {
		t.Errorf("the file of the module above applies in a nested module:\n%s", r.Stderr)
	}
	t.Run("go vet", func(t *testing.T) {
		r := e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "./...")
		gorecover("go vet")(t, r)
	})
	t.Run("lsp", func(t *testing.T) {
		if diags := lspDiagnostics(t, bin, dir, "web.go"); !strings.Contains(diags, "gorecover:") {
			t.Errorf("the language server does not read the file; diagnostics of web.go: %s", diags)
		}
	})

	t.Run("bad file", func(t *testing.T) {
		for i, tc := range []struct{ file, want string }{
			{"rules:\n  - name: gorecover\n    options:\n      strict: maybe\n", `.ginctxlint.yml:4: invalid value "maybe" for gorecover.strict`},
			{"enable: [ctxcopy]\ndisabled: [goexit]\n", `.ginctxlint.yml:2: unknown key "disabled"`},
			{"disable: [bogus]\n", `.ginctxlint.yml:1: invalid value "bogus" for disable`},
			{"rules:\n  - name: gorecovr\n", `.ginctxlint.yml:2: rules: unknown rule "gorecovr"`},
			{"rules:\n  - name: goexit\n    options:\n      mian: true\n", `.ginctxlint.yml:4: rules: unknown option "mian" of goexit`},
			{"enable: [ctxcopy\n", `.ginctxlint.yml:`},
		} {
			bad := module(t, map[string]string{"go.mod": "module example.com/web\n\ngo 1.25\n", "web.go": handler, ".ginctxlint.yml": tc.file})
			// Every route reads the file through the same code: each
			// kind of error in one route, every route with the first
			// (internal/config tests the kinds of errors one by one).
			routes := [][]string{{"./..."}}
			if i == 0 {
				routes = append(routes, []string{"-json", "./..."}, []string{"-fix", "./..."}, []string{"-sarif", "./..."}, []string{"lsp"})
			}
			for _, args := range routes {
				r := e2etest.Run(t, bad, bin, args...)
				if r.Code != cli.ExitUsage || !strings.Contains(r.Stderr, tc.want) || r.Stdout != "" {
					t.Errorf("ginctxlint %s with\n%s: exit %d, want %d and %q\n%s%s", strings.Join(args, " "), tc.file, r.Code, cli.ExitUsage, tc.want, r.Stdout, r.Stderr)
				}
			}
			if i > 0 {
				continue
			}
			// go vet turns the tool's exit 2 into its own 1, and prints
			// the error for each package.
			r := e2etest.Run(t, bad, "go", "vet", "-vettool="+bin, "./...")
			if r.Code != 1 || !strings.Contains(r.Stderr, tc.want[len(".ginctxlint.yml"):]) {
				t.Errorf("go vet with\n%s: exit %d, want 1 and %q\n%s", tc.file, r.Code, tc.want, r.Stderr)
			}
		}
	})
}

// lspDiagnostics starts the language server in dir, opens file and returns
// the messages of the first non-empty diagnostics published for it (or
// what was published when it gives up).
func lspDiagnostics(t *testing.T, bin, dir, file string) string {
	t.Helper()
	cmd := exec.Command(bin, "lsp")
	cmd.Dir, cmd.Env = dir, e2etest.Env()
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		in.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	}()
	send := func(msg any) {
		data, _ := json.Marshal(msg)
		fmt.Fprintf(in, "Content-Length: %d\r\n\r\n%s", len(data), data)
	}
	path := filepath.Join(dir, file)
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.ToSlash(path)
	send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"rootUri": "file://" + filepath.ToSlash(dir), "capabilities": map[string]any{}}})
	send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(text)}}})
	msgs := make(chan string)
	go func() {
		defer close(msgs)
		r := bufio.NewReader(out)
		for {
			n := 0
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				line = strings.TrimSpace(line)
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
					n, _ = strconv.Atoi(v)
				}
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(r, body); err != nil {
				return
			}
			msgs <- string(body)
		}
	}()
	timeout := time.After(2 * time.Minute)
	last := ""
	for {
		select {
		case m, ok := <-msgs:
			if !ok {
				return last
			}
			var p struct {
				Method string
				Params struct {
					URI         string
					Diagnostics []struct{ Message string }
				}
			}
			if json.Unmarshal([]byte(m), &p) != nil || p.Method != "textDocument/publishDiagnostics" || p.Params.URI != uri {
				continue
			}
			var texts []string
			for _, d := range p.Params.Diagnostics {
				texts = append(texts, d.Message)
			}
			last = strings.Join(texts, "\n")
			if len(texts) > 0 {
				return last
			}
		case <-timeout:
			return last
		}
	}
}
