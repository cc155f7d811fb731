//go:build unix

package shutdown_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/shutdown"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// e2eDir is a module that requires the real gin v1.12.0 (make deps
// downloads it): reported/ is log.Fatal(srv.ListenAndServe()) with a
// graceful Shutdown on SIGTERM, fixed/ is the pattern the rule accepts;
// lost/ and drained/ are the drain check's reported and accepted shapes.
const e2eDir = "../../testdata/shutdown-e2e"

// slowRequest is how long the in-flight request takes; SIGTERM arrives
// just after it starts.
const slowRequest = 2 * time.Second

// TestSIGTERMClaims checks what the rule's message says happens on a
// deploy, on real gin servers: SIGTERM during a slow request cuts it off
// in the reported shape and lets it complete in the fixed one. It also
// checks the rule reports the first and not the second.
func TestSIGTERMClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two servers")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}

	t.Run("lint", func(t *testing.T) {
		analysistest.Run(t, e2eDir, shutdown.Rule.Analyzer(), "./reported", "./fixed")
	})

	bin := t.TempDir()
	e2etest.BuildOffline(t, e2eDir, bin+string(filepath.Separator), "./reported", "./fixed")

	t.Run("reported", func(t *testing.T) {
		r := serveAndTerminate(t, filepath.Join(bin, "reported"))
		t.Logf("reported: request %s; process exited %v after SIGTERM with code %d", r.outcome(), r.exitAfter.Round(time.Millisecond), r.exitCode)
		if r.completed() {
			t.Errorf("the in-flight request completed; the rule says it is cut off")
		}
		if r.exitAfter >= slowRequest/2 {
			t.Errorf("the process took %v to exit after SIGTERM; log.Fatal should end it at once", r.exitAfter)
		}
		if r.exitCode == 0 {
			t.Errorf("exit code 0; log.Fatal exits with 1")
		}
	})
	t.Run("fixed", func(t *testing.T) {
		r := serveAndTerminate(t, filepath.Join(bin, "fixed"))
		t.Logf("fixed: request %s; process exited %v after SIGTERM with code %d", r.outcome(), r.exitAfter.Round(time.Millisecond), r.exitCode)
		if !r.completed() {
			t.Errorf("the in-flight request was cut off: %s", r.outcome())
		}
		if r.exitAfter < r.requestAfter {
			t.Errorf("the process exited %v after SIGTERM, before the request completed (%v)", r.exitAfter, r.requestAfter)
		}
		if r.exitCode != 0 {
			t.Errorf("exit code %d, want 0", r.exitCode)
		}
	})
}

type result struct {
	status       int
	body         string
	err          error
	requestAfter time.Duration // from SIGTERM to the end of the request
	exitAfter    time.Duration // from SIGTERM to the end of the process
	exitCode     int
}

func (r *result) completed() bool {
	return r.err == nil && r.status == http.StatusOK && r.body == "done"
}

func (r *result) outcome() string {
	if r.err != nil {
		return "failed " + r.requestAfter.Round(time.Millisecond).String() + " after SIGTERM: " + r.err.Error()
	}
	return "answered " + http.StatusText(r.status) + " " + strings.TrimSpace(r.body) + " " + r.requestAfter.Round(time.Millisecond).String() + " after SIGTERM"
}

// serveAndTerminate starts the server binary on a free loopback port,
// sends a slow request, sends SIGTERM once the handler has started, and
// reports what happened to the request and to the process. Every wait is
// bounded; the process is killed if it outlives the test.
func serveAndTerminate(t *testing.T, bin string) *result {
	t.Helper()
	addr := e2etest.FreeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "ADDR="+addr)
	logs := &watcher{want: "slow: started", seen: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = io.Discard, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Kill() // a no-op once it has exited
		<-exited
	}()

	client := &http.Client{Timeout: 15 * time.Second}
	base := "http://" + addr
	e2etest.WaitHealthy(t, client, base+"/healthz", exited)

	type answer struct {
		status int
		body   string
		err    error
		at     time.Time
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := client.Get(base + "/slow?d=" + slowRequest.String())
		var a answer
		if err != nil {
			a.err = err
		} else {
			b, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			a.status, a.body, a.err = resp.StatusCode, string(b), rerr
		}
		a.at = time.Now()
		answered <- a
	}()
	select {
	case <-logs.seen:
	case <-time.After(5 * time.Second):
		t.Fatalf("the slow handler did not start; server log:\n%s", logs.String())
	}
	sigAt := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}

	r := &result{}
	select {
	case a := <-answered:
		r.status, r.body, r.err, r.requestAfter = a.status, a.body, a.err, a.at.Sub(sigAt)
	case <-time.After(15 * time.Second):
		t.Fatal("the request neither completed nor failed in 15s")
	}
	select {
	case err := <-exited:
		r.exitAfter = time.Since(sigAt)
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			r.exitCode = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		exited <- err // for the deferred cleanup
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not exit within 15s of SIGTERM")
	}
	return r
}

// watcher collects a process's log and closes seen when a line contains
// want.
type watcher struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	done bool
}

func (w *watcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.done && strings.Contains(w.buf.String(), w.want) {
		w.done = true
		close(w.seen)
	}
	return len(p), nil
}

func (w *watcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// backgroundDelay is how long the handler's goroutine works before its
// file write; SIGTERM arrives right after the response.
const backgroundDelay = 300 * time.Millisecond

// TestDrainClaims checks what the drain check's message says, on real gin
// servers: SIGTERM right after a response whose handler started a
// goroutine that writes a file 300 ms later loses the write when nothing
// waits for the goroutine (lost/, reported), and keeps it when the
// goroutine is counted on a WaitGroup main waits for after Shutdown
// (drained/, not reported).
func TestDrainClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two servers")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Run("lint", func(t *testing.T) {
		a := shutdown.Rule.Analyzer()
		if err := a.Flags.Set("shutdown."+shutdown.FlagDrain, "true"); err != nil {
			t.Fatal(err)
		}
		analysistest.Run(t, e2eDir, a, "./lost", "./drained")
	})
	bin := t.TempDir()
	e2etest.BuildOffline(t, e2eDir, bin+string(filepath.Separator), "./lost", "./drained")
	for _, tc := range []struct {
		name    string
		written bool
	}{{"lost", false}, {"drained", true}} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "written")
			exitAfter := respondAndTerminate(t, filepath.Join(bin, tc.name), out)
			_, err := os.Stat(out)
			written := err == nil
			t.Logf("%s: process exited %v after SIGTERM; background write done: %v", tc.name, exitAfter.Round(time.Millisecond), written)
			if written != tc.written {
				t.Errorf("background write done = %v, want %v", written, tc.written)
			}
			if !tc.written && exitAfter >= backgroundDelay {
				t.Errorf("the process took %v to exit; it should exit before the goroutine writes", exitAfter)
			}
		})
	}
}

// respondAndTerminate starts the server binary, makes one request to
// /signup, sends SIGTERM as soon as the response arrives, and returns how
// long the process took to exit.
func respondAndTerminate(t *testing.T, bin, out string) time.Duration {
	t.Helper()
	addr := e2etest.FreeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "ADDR="+addr, "OUT="+out)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	base := "http://" + addr
	e2etest.WaitHealthy(t, client, base+"/healthz", exited)
	resp, err := client.Post(base+"/signup", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("signup: %s", resp.Status)
	}
	sigAt := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		exitAfter := time.Since(sigAt)
		exited <- err // for the deferred cleanup
		return exitAfter
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not exit within 15s of SIGTERM")
	}
	return 0
}
