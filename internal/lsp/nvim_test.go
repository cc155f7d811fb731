package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim runs a real LSP client: headless Neovim configured with
// testdata/nvim/init.lua (what docs/editors.md tells users) starts the
// built `ginctxlint lsp`; testdata/nvim/test.lua opens a file with
// findings, waits for the diagnostics, applies the quick fix and waits for
// the new diagnostics.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not installed (apt-get install neovim)")
	}
	if testing.Short() {
		t.Skip("builds the command and loads net/http from source")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "ginctxlint")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/ginctxlint").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "mod")
	writeFiles(t, dir, map[string]string{
		"go.mod":     "module example.com/web\n\ngo 1.25\n",
		"web/web.go": webGo,
	})
	init, _ := filepath.Abs("testdata/nvim/init.lua")
	script, _ := filepath.Abs("testdata/nvim/test.lua")
	resultFile := filepath.Join(tmp, "result.json")

	cmd := exec.Command(nvim, "--headless", "-n", "-i", "NONE", "-u", init, "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GINCTXLINT="+bin,
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
