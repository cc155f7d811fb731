package ctxcopy_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcopy"
	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// uploadDir is a module that requires the real gin v1.12.0 (make deps
// downloads it): upload.Reported hands a goroutine the
// *multipart.FileHeader of an upload, upload.Fixed saves the file first
// and hands it the path.
const uploadDir = "../../testdata/upload-e2e"

// uploadSize is above gin's MaxMultipartMemory (32 MB): the part goes to
// a temporary file, which net/http removes when ServeHTTP returns.
const uploadSize = 40 << 20

// TestUploadClaims checks what the request-data message says on a real
// gin server: the goroutine's Open of a 40 MB upload fails after the
// handler returned in the reported shape, and the fixed shape reads every
// byte. It also checks the rule reports the first and not the second.
func TestUploadClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a server")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Run("lint", func(t *testing.T) {
		analysistest.Run(t, uploadDir, ctxcopy.Rule.Analyzer(), "./upload")
	})

	bin := t.TempDir()
	e2etest.BuildOffline(t, uploadDir, bin+string(filepath.Separator), "./server")
	addr := e2etest.FreeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "server"))
	cmd.Env = append(os.Environ(), "ADDR="+addr, "UPLOAD_DIR="+t.TempDir(), "TMPDIR="+t.TempDir())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()

	base := "http://" + addr
	client := &http.Client{Timeout: 30 * time.Second}
	e2etest.WaitHealthy(t, client, base+"/health", nil)

	for _, tc := range []struct{ route, want string }{
		{"reported", "reported: open failed:"},
		{"fixed", "fixed: read 41943040 bytes"},
	} {
		t.Run(tc.route, func(t *testing.T) {
			status := post(t, client, base+"/"+tc.route)
			if status != http.StatusAccepted {
				t.Fatalf("POST /%s: status %d, want 202", tc.route, status)
			}
			select {
			case line, ok := <-lines:
				if !ok {
					t.Fatal("the server's stdout closed")
				}
				t.Logf("%s's goroutine: %s", tc.route, line)
				if !strings.HasPrefix(line, tc.want) {
					t.Errorf("the goroutine printed %q, want %q...", line, tc.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("no line from %s's goroutine within 20s", tc.route)
			}
		})
	}
}

// post uploads uploadSize bytes as the multipart file "file" and returns
// the status.
func post(t *testing.T, client *http.Client, url string) int {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(fw, zeros{}, uploadSize); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Post(url, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
