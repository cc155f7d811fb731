package lsp

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

// The module uses only net/http (http.ResponseWriter is a pooled type), so
// the test needs no module downloads.
const webGo = `package web

import "net/http"

func Handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		w.Write(nil)
	}()
}

//ginctxlint:ignore ctxcopy no goroutine here any more
func Other() {}
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestServer(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod": "module example.com/web\n\ngo 1.25\n",
		// The editor's buffer (webGo) is not what is on disk: findings
		// computed from the disk copy would be two lines off.
		"web/web.go":   "// saved\n\n" + webGo,
		"web/other.go": "package web\n",
		// web.go is in two packages, web and its test variant: each
		// finding must still be published once.
		"web/web_test.go": "package web\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
		"caller/use.go":   "package caller\n\nimport \"example.com/web\"\n\nvar _ = web.Other\n",
	})
	file := filepath.Join(dir, "web", "web.go")
	uri := pathToURI(file)

	// Only ctxcopy, so that rules added later do not change the counts.
	c := startServer(t, "-disable=all", "-enable=ctxcopy")
	start := time.Now()
	c.initialize(dir)
	// Open the document once the first load has begun (from the disk
	// copy): its findings must still be those of the buffer, published
	// for version 1 only.
	c.waitProgress("begin", time.Minute)
	c.open(uri, webGo)
	var actions []CodeAction
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: Range{End: Position{20, 0}}}, &actions); err != nil || len(actions) != 0 {
		t.Errorf("code actions during the first load: %+v, %v; want none", actions, err)
	}
	diags := c.waitDiagnostics(uri, 1, 2*time.Minute)
	t.Logf("first load and analysis: %v", time.Since(start))
	c.waitProgress("end", time.Minute)
	for _, p := range c.published(uri) {
		if p.Version == nil || *p.Version != 1 {
			t.Errorf("diagnostics published for version %v of the open document, want version 1 only: %+v", p.Version, p.Diagnostics)
		}
	}

	if len(diags) != 2 {
		t.Fatalf("got %d diagnostics, want 2 (ctxcopy, unused ignore): %+v", len(diags), diags)
	}
	d := diags[0]
	if d.Code != "ctxcopy" || d.Source != "ginctxlint" || d.CodeDescription == nil || d.CodeDescription.Href != "https://github.com/ginctxlint/ginctxlint#ctxcopy" || !strings.HasPrefix(d.Message, "ctxcopy: w (http.ResponseWriter)") {
		t.Errorf("ctxcopy diagnostic: %+v", d)
	}
	if d.Range != (Range{Position{6, 2}, Position{6, 3}}) {
		t.Errorf("ctxcopy range %+v, want the w of w.Write on line 7", d.Range)
	}
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != uri || d.RelatedInformation[0].Location.Range.Start != (Position{5, 1}) {
		t.Errorf("related information %+v, want the go statement", d.RelatedInformation)
	}
	ig := diags[1]
	if ig.Code != "ignore" || !strings.HasPrefix(ig.Message, "ginctxlint: unused ignore directive") {
		t.Errorf("ignore diagnostic: %+v", ig)
	}

	// The code action on the stale directive removes it.
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: ig.Range}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 || actions[0].Kind != "quickfix" || actions[0].Edit == nil || len(actions[0].Edit.DocumentChanges) != 1 {
		t.Fatalf("code actions: %+v", actions)
	}
	dc := actions[0].Edit.DocumentChanges[0]
	if dc.TextDocument.URI != uri || dc.TextDocument.Version == nil || *dc.TextDocument.Version != 1 {
		t.Errorf("edit for %+v, want version 1 of %s", dc.TextDocument, uri)
	}
	fixed := applyEdits(webGo, dc.Edits)
	if want := strings.Replace(webGo, "//ginctxlint:ignore ctxcopy no goroutine here any more\n", "", 1); fixed != want {
		t.Fatalf("after the code action:\n%s\nwant:\n%s", fixed, want)
	}

	// Unsaved edits are analyzed: the fixed buffer, then a safe handler.
	edit := func(v int, text string) []Diagnostic {
		start := time.Now()
		c.change(uri, v, text)
		diags := c.waitDiagnostics(uri, v, time.Minute)
		t.Logf("re-analysis after edit %d: %v", v, time.Since(start))
		return diags
	}
	if diags := edit(2, fixed); len(diags) != 1 || diags[0].Code != "ctxcopy" {
		t.Errorf("after removing the directive: %+v, want the ctxcopy finding only", diags)
	}
	safe := strings.Replace(fixed, "\tgo func() {\n\t\tw.Write(nil)\n\t}()\n", "\tw.Write(nil)\n", 1)
	if diags := edit(3, safe); len(diags) != 0 {
		t.Errorf("safe handler: %+v, want none", diags)
	}
	// An import the package did not have makes the server load again.
	withLog := strings.Replace(webGo, `import "net/http"`, "import (\n\t\"log\"\n\t\"net/http\"\n)\n\nvar _ = log.Println", 1)
	if diags := edit(4, withLog); len(diags) != 2 {
		t.Errorf("after adding an import: %+v, want the 2 findings", diags)
	}
	// While the buffer does not type-check, nothing is published for it:
	// the client keeps the last findings, under the version they are
	// for, and no quick fix is offered for text the buffer no longer has.
	changes := c.countLogs("after a change to")
	c.change(uri, 5, strings.Replace(withLog, "func Other() {}", "func Other() { undefined() }", 1))
	c.waitLog("after a change to", changes+1, time.Minute)
	if ps := c.published(uri); len(ps) == 0 || *ps[len(ps)-1].Version != 4 || len(ps[len(ps)-1].Diagnostics) != 2 {
		t.Errorf("ill-typed buffer: last publication %+v, want version 4's 2 findings", ps[len(ps)-1])
	}
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: Range{End: Position{20, 0}}}, &actions); err != nil || len(actions) != 0 {
		t.Errorf("code actions on the ill-typed buffer: %+v, %v; want none", actions, err)
	}

	// Closing goes back to the file on disk.
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	c.stop()
}

// TestUnsavedBuffer: an unsaved buffer is what is analyzed, and so are
// the packages that import it: a helper whose buffer starts the callback
// in a goroutine makes its caller's handler use w after it returns — a
// finding in web.go, which the files on disk do not have, gone again when
// the buffer is back to what is on disk.
func TestUnsavedBuffer(t *testing.T) {
	const disk = "package helper\n\nfunc Go(f func()) {\n\tf()\n}\n"
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":           "module example.com/m\n\ngo 1.25\n",
		"helper/helper.go": disk,
		"web/web.go":       "package web\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/m/helper\"\n)\n\nfunc Handle(w http.ResponseWriter, r *http.Request) {\n\thelper.Go(func() { w.Write(nil) })\n}\n",
	})
	web, helper := pathToURI(filepath.Join(dir, "web", "web.go")), pathToURI(filepath.Join(dir, "helper", "helper.go"))
	webSrc, _ := os.ReadFile(filepath.Join(dir, "web", "web.go"))

	c := startServer(t, "-disable=all", "-enable=ctxcopy")
	c.initialize(dir)
	c.open(web, string(webSrc))
	if diags := c.waitPublication(web, 1, time.Minute); len(diags) != 0 {
		t.Fatalf("on disk: %+v, want none", diags)
	}
	c.open(helper, strings.Replace(disk, "\tf()", "\tgo f()", 1))
	diags := c.waitPublication(web, 2, time.Minute)
	if len(diags) != 1 || diags[0].Code != "ctxcopy" || diags[0].Range.Start.Line != 9 {
		t.Errorf("with the unsaved helper: %+v, want ctxcopy on line 10", diags)
	}
	c.change(helper, 2, disk)
	if diags := c.waitPublication(web, 3, time.Minute); len(diags) != 0 {
		t.Errorf("with the helper's buffer as on disk: %+v, want none", diags)
	}
	c.stop()
}

// TestProtocol: a second initialize and any request after shutdown are
// invalid requests; a message that does not parse is answered with
// "id": null.
func TestProtocol(t *testing.T) {
	c := startServer(t)
	c.initialize(t.TempDir())
	if err := c.call("initialize", map[string]any{"capabilities": map[string]any{}}, nil); err == nil || err.Code != codeInvalidRequest {
		t.Errorf("second initialize: got %v, want error %d", err, codeInvalidRequest)
	}
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"textDocument/codeAction", "shutdown", "initialize"} {
		if err := c.call(method, map[string]any{}, nil); err == nil || err.Code != codeInvalidRequest {
			t.Errorf("%s after shutdown: got %v, want error %d", method, err, codeInvalidRequest)
		}
	}
	c.notify("exit", nil)

	var out bytes.Buffer
	body := "{not json"
	code := Main(analyzer.New, "test", nil, strings.NewReader(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)), &out, io.Discard)
	if code != 1 || !strings.Contains(out.String(), `"id":null`) || !strings.Contains(out.String(), fmt.Sprint(codeParseError)) {
		t.Errorf("parse error: exit %d, response %s; want a parse error with \"id\": null", code, out.String())
	}
}

func TestRequestsBeforeInitialize(t *testing.T) {
	c := startServer(t)
	err := c.call("textDocument/codeAction", CodeActionParams{}, nil)
	if err == nil || err.Code != codeServerNotInitialized {
		t.Errorf("got %v, want error %d", err, codeServerNotInitialized)
	}
	c.initialize(t.TempDir())
	if err := c.call("textDocument/hover", map[string]any{}, nil); err == nil || err.Code != codeMethodNotFound {
		t.Errorf("hover: got %v, want method not found", err)
	}
	c.stop()
}

func TestApplyChange(t *testing.T) {
	got := applyChange([]byte("héllo\nwörld\n"), TextDocumentContentChange{Range: &Range{Position{1, 1}, Position{1, 2}}, Text: "o"})
	if string(got) != "héllo\nworld\n" {
		t.Errorf("got %q", got)
	}
}

// TestE2ELatency measures the server on the end-to-end module, which
// requires the real gin: the first load, then re-analysis after edits to
// a handler file and to the service package the handlers import. Run with
// -v to see the numbers. The bound asserted is loose (CI machines are
// shared); the point is the order of magnitude.
func TestE2ELatency(t *testing.T) {
	root := e2eRoot(t)

	c := startServer(t)
	c.initialize(root)
	handlers := filepath.Join(root, "ctxcopy", "handlers.go")
	service := filepath.Join(root, "service", "service.go")
	hsrc, _ := os.ReadFile(handlers)
	ssrc, _ := os.ReadFile(service)
	huri, suri := pathToURI(handlers), pathToURI(service)

	start := time.Now()
	c.open(huri, string(hsrc))
	first := c.waitDiagnostics(huri, 1, 5*time.Minute)
	t.Logf("first load and analysis: %v (%d diagnostics in handlers.go)", time.Since(start).Round(time.Millisecond), len(first))
	if len(first) == 0 {
		t.Fatal("no diagnostics in handlers.go")
	}
	c.mu.Lock()
	for _, l := range c.logs {
		if strings.Contains(l, "loaded") {
			t.Log(l)
		}
	}
	c.mu.Unlock()
	c.open(suri, string(ssrc))
	c.waitDiagnostics(suri, 1, time.Minute)

	var worst time.Duration
	for v := 2; v <= 6; v++ {
		for _, f := range []struct {
			uri string
			src []byte
		}{{huri, hsrc}, {suri, ssrc}} {
			start := time.Now()
			c.change(f.uri, v, fmt.Sprintf("%s\n// edit %d\n", f.src, v))
			diags := c.waitDiagnostics(f.uri, v, time.Minute)
			d := time.Since(start)
			worst = max(worst, d)
			t.Logf("re-analysis after an edit to %s: %v", filepath.Base(f.uri), d.Round(time.Microsecond))
			if f.uri == huri && len(diags) != len(first) {
				t.Errorf("edit %d: %d diagnostics, want %d", v, len(diags), len(first))
			}
		}
	}
	if worst > 5*time.Second {
		t.Errorf("slowest re-analysis took %v; it should be well under a second", worst)
	}

	// Every quick fix the rules offer in handlers.go applies to the
	// version it names and leaves a file that parses.
	c.change(huri, 7, string(hsrc))
	diags := c.waitDiagnostics(huri, 7, time.Minute)
	fixes := 0
	for _, d := range diags {
		var actions []CodeAction
		if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: huri}, Range: d.Range}, &actions); err != nil {
			t.Fatal(err)
		}
		for _, a := range actions {
			for _, dc := range a.Edit.DocumentChanges {
				if dc.TextDocument.URI != huri || dc.TextDocument.Version == nil || *dc.TextDocument.Version != 7 {
					t.Errorf("%q edits %s version %v, want version 7 of handlers.go", a.Title, dc.TextDocument.URI, dc.TextDocument.Version)
					continue
				}
				fixed := applyEdits(string(hsrc), dc.Edits)
				if _, err := parser.ParseFile(token.NewFileSet(), "handlers.go", fixed, parser.AllErrors); err != nil {
					t.Errorf("%q leaves a file that does not parse: %v\n%s", a.Title, err, fixed)
				}
				fixes++
			}
		}
	}
	t.Logf("%d diagnostics, %d quick fixes applied and parsed", len(diags), fixes)
	c.stop()
}
