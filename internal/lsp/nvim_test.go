package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim runs a real LSP client: headless Neovim configured with each
// Lua snippet of docs/editors.md's Neovim section, as a user pastes it into
// init.lua, starts the built `ginctxlint lsp` (found on PATH, as the
// snippets say); testdata/nvim/test.lua opens a file with findings, waits
// for the diagnostics, applies the quick fix and waits for the new
// diagnostics. A snippet for a newer Neovim than the one installed is
// skipped, saying so.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not installed (apt-get install neovim)")
	}
	if testing.Short() {
		t.Skip("builds the command and loads net/http")
	}
	out, err := exec.Command(nvim, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	installed, ok := nvimVersion(string(out))
	if !ok {
		t.Fatalf("cannot read the version of %s:\n%s", nvim, out)
	}
	snippets := neovimSnippets(t, "../../docs/editors.md")
	if len(snippets) == 0 {
		t.Fatal("no Lua snippets in the Neovim section of docs/editors.md")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "ginctxlint"), "../../cmd/ginctxlint").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for i, sn := range snippets {
		t.Run(fmt.Sprintf("snippet %d (Neovim %d.%d+)", i+1, sn.min[0], sn.min[1]), func(t *testing.T) {
			if installed[0] < sn.min[0] || installed[0] == sn.min[0] && installed[1] < sn.min[1] {
				t.Skipf("needs Neovim %d.%d; %s is %d.%d", sn.min[0], sn.min[1], nvim, installed[0], installed[1])
			}
			runNeovim(t, nvim, bin, sn.code)
		})
	}
}

type snippet struct {
	min  [2]int // the Neovim version its first line names
	code string
}

// neovimSnippets returns the ```lua blocks of the "### Neovim" section of
// the document at path; each starts with a comment naming the oldest
// Neovim it is for ("... Neovim 0.7 and later").
func neovimSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n### Neovim\n")
	if !ok {
		t.Fatalf("%s has no Neovim section", path)
	}
	section, _, _ = strings.Cut(section, "\n### ")
	var out []snippet
	for {
		var block string
		_, rest, ok := strings.Cut(section, "```lua\n")
		if !ok {
			return out
		}
		block, section, _ = strings.Cut(rest, "```")
		first, _, _ := strings.Cut(block, "\n")
		_, after, ok := strings.Cut(first, "Neovim ")
		v, ok2 := nvimVersion("v" + after)
		if !ok || !ok2 {
			t.Fatalf("%s: a Lua snippet whose first line does not name its oldest Neovim (\"-- ... Neovim 0.7 and later\"): %q", path, first)
		}
		out = append(out, snippet{v, block})
	}
}

// nvimVersion reads the first "v<major>.<minor>" in s.
func nvimVersion(s string) ([2]int, bool) {
	_, rest, ok := strings.Cut(s, "v")
	if !ok {
		return [2]int{}, false
	}
	var v [2]int
	n, _ := fmt.Sscanf(rest, "%d.%d", &v[0], &v[1])
	return v, n == 2
}

// runNeovim runs test.lua in a headless Neovim whose whole configuration
// is config, with the command directory bin on PATH.
func runNeovim(t *testing.T, nvim, bin, config string) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "mod")
	writeFiles(t, dir, map[string]string{
		"go.mod":     "module example.com/web\n\ngo 1.25\n",
		"web/web.go": webGo,
	})
	// Filetype detection is on in a user's Neovim; -u turns the defaults
	// off, so the harness turns it back on before the user's snippet.
	init := filepath.Join(tmp, "init.lua")
	if err := os.WriteFile(init, []byte("vim.cmd('filetype on')\n"+config), 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs("testdata/nvim/test.lua")
	resultFile := filepath.Join(tmp, "result.json")

	cmd := exec.Command(nvim, "--headless", "-n", "-i", "NONE", "-u", init, "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TARGET="+filepath.Join(dir, "web", "web.go"),
		"RESULT="+resultFile,
		"XDG_STATE_HOME="+tmp, "XDG_DATA_HOME="+tmp, "XDG_CONFIG_HOME="+tmp, // keep the lsp.log out of $HOME
	)
	start := time.Now()
	out, err := runWithTimeout(cmd, 5*time.Minute)
	t.Logf("nvim session: %v", time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(resultFile)
	if err != nil {
		t.Fatalf("no result from test.lua: %v\nnvim output:\n%s", err, out)
	}
	var res struct {
		Steps   []string
		Error   string
		Actions []string
		Buffer  string
		Before  []struct {
			Line, Col             int
			Code, Source, Message string
		}
		After []struct{ Code string }
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	t.Logf("steps: %v", res.Steps)
	if res.Error != "" || len(res.Steps) == 0 || res.Steps[len(res.Steps)-1] != "done" {
		t.Fatalf("the session did not finish: %s\nnvim output:\n%s", data, out)
	}
	var ctxcopy, ignore bool
	for _, d := range res.Before {
		ctxcopy = ctxcopy || d.Code == "ctxcopy" && d.Source == "ginctxlint" && d.Line == 6 && d.Col == 2
		ignore = ignore || d.Code == "ignore" && d.Line == 10
	}
	if !ctxcopy || !ignore {
		t.Errorf("diagnostics in Neovim: %+v, want ctxcopy at 7:3 and the unused directive on line 11", res.Before)
	}
	if len(res.Actions) != 1 || res.Actions[0] != "Remove the unused ignore directive" {
		t.Errorf("code actions: %q", res.Actions)
	}
	if want := strings.Replace(webGo, "//ginctxlint:ignore ctxcopy no goroutine here any more\n", "", 1); res.Buffer != want {
		t.Errorf("buffer after the quick fix:\n%s\nwant:\n%s", res.Buffer, want)
	}
	ctxcopy = false
	for _, d := range res.After {
		ctxcopy = ctxcopy || d.Code == "ctxcopy"
	}
	if !ctxcopy {
		t.Errorf("diagnostics after the fix: %+v, want the ctxcopy finding still there", res.After)
	}
}

func runWithTimeout(cmd *exec.Cmd, d time.Duration) ([]byte, error) {
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return []byte(out.String()), err
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return []byte(out.String()), context.DeadlineExceeded
	}
}
