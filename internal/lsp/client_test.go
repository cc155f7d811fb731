package lsp

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/position"
)

// client drives a server in the same process over pipes, as an editor
// would over stdio.
type client struct {
	t    *testing.T
	conn *conn
	exit chan int

	mu       sync.Mutex
	nextID   int
	pending  map[string]chan *message
	diags    []PublishDiagnosticsParams
	logs     []string
	progress []ProgressParams
	requests []string // methods of the server's requests
	cond     *sync.Cond
}

func startServer(t *testing.T, args ...string) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, conn: newConn(outR, inW), exit: make(chan int, 1), pending: map[string]chan *message{}}
	c.cond = sync.NewCond(&c.mu)
	go func() {
		c.exit <- Main(analyzer.New, "test", args, inR, outW, io.Discard)
		outW.Close()
	}()
	go c.readLoop()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.exit:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
	})
	return c
}

func (c *client) readLoop() {
	for {
		msg, err := c.conn.read()
		if err != nil {
			return
		}
		c.mu.Lock()
		switch {
		case msg.ID != nil && msg.Method == "":
			if ch := c.pending[string(*msg.ID)]; ch != nil {
				ch <- msg
			}
		case msg.ID != nil:
			// A request of the server (window/workDoneProgress/create).
			c.requests = append(c.requests, msg.Method)
			go c.conn.reply(msg.ID, nil, nil)
		case msg.Method == "$/progress":
			var p struct {
				Token string
				Value WorkDoneProgress
			}
			json.Unmarshal(msg.Params, &p)
			c.progress = append(c.progress, ProgressParams{Token: p.Token, Value: p.Value})
		case msg.Method == "textDocument/publishDiagnostics":
			var p PublishDiagnosticsParams
			json.Unmarshal(msg.Params, &p)
			c.diags = append(c.diags, p)
		case msg.Method == "window/logMessage":
			var p LogMessageParams
			json.Unmarshal(msg.Params, &p)
			c.logs = append(c.logs, p.Message)
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

func (c *client) call(method string, params, result any) *rpcError {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	ch := make(chan *message, 1)
	c.pending[string(id)] = ch
	c.mu.Unlock()
	raw, _ := json.Marshal(params)
	if err := c.conn.write(&message{ID: &id, Method: method, Params: raw}); err != nil {
		c.t.Fatal(err)
	}
	select {
	case msg := <-ch:
		if msg.Error != nil {
			return msg.Error
		}
		if result != nil {
			b, _ := json.Marshal(msg.Result)
			if err := json.Unmarshal(b, result); err != nil {
				c.t.Fatal(err)
			}
		}
		return nil
	case <-time.After(60 * time.Second):
		c.t.Fatalf("no reply to %s", method)
		return nil
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.notify(method, params); err != nil {
		c.t.Fatal(err)
	}
}

// waitFor waits until done (called with c.mu held) holds, or fails the
// test after timeout with what it waited for.
func (c *client) waitFor(timeout time.Duration, done func() bool, what func() string) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !done() {
		if time.Now().After(deadline) {
			c.t.Fatalf("%s within %v", what(), timeout)
		}
		c.cond.Wait()
	}
}

// waitLog waits for the n-th log message containing text.
func (c *client) waitLog(text string, n int, timeout time.Duration) {
	c.t.Helper()
	c.waitFor(timeout, func() bool {
		seen := 0
		for _, l := range c.logs {
			if strings.Contains(l, text) {
				seen++
			}
		}
		return seen >= n
	}, func() string {
		return fmt.Sprintf("no log message %d containing %q; server log:\n%v", n, text, c.logs)
	})
}

// countLogs returns the number of log messages so far containing text.
func (c *client) countLogs(text string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, l := range c.logs {
		if strings.Contains(l, text) {
			n++
		}
	}
	return n
}

// waitProgress waits for a $/progress notification of the kind ("begin",
// "end") for a token the server created with window/workDoneProgress/create.
func (c *client) waitProgress(kind string, timeout time.Duration) {
	c.t.Helper()
	c.waitFor(timeout, func() bool {
		for _, p := range c.progress {
			if p.Value.(WorkDoneProgress).Kind == kind {
				return true
			}
		}
		return false
	}, func() string {
		return fmt.Sprintf("no $/progress %q (server requests: %v)", kind, c.requests)
	})
}

// published returns the publications for uri so far.
func (c *client) published(uri string) []PublishDiagnosticsParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []PublishDiagnosticsParams
	for _, p := range c.diags {
		if p.URI == uri {
			out = append(out, p)
		}
	}
	return out
}

// waitDiagnostics waits for the diagnostics of version v of uri.
func (c *client) waitDiagnostics(uri string, v int, timeout time.Duration) []Diagnostic {
	c.t.Helper()
	return c.waitPublished(uri, timeout, fmt.Sprintf("version %d", v), func(p PublishDiagnosticsParams, _ int) bool {
		return p.Version != nil && *p.Version == v
	})
}

// waitPublication waits for the n-th publication of diagnostics for uri,
// whatever its version.
func (c *client) waitPublication(uri string, n int, timeout time.Duration) []Diagnostic {
	c.t.Helper()
	return c.waitPublished(uri, timeout, fmt.Sprintf("publication %d", n), func(_ PublishDiagnosticsParams, before int) bool {
		return before == n-1
	})
}

// waitPublished waits for the first publication of diagnostics for uri
// that match accepts, given the number of publications for uri before it.
func (c *client) waitPublished(uri string, timeout time.Duration, what string, match func(p PublishDiagnosticsParams, before int) bool) []Diagnostic {
	c.t.Helper()
	var diags []Diagnostic
	c.waitFor(timeout, func() bool {
		before := 0
		for _, p := range c.diags {
			if p.URI != uri {
				continue
			}
			if match(p, before) {
				diags = p.Diagnostics
				return true
			}
			before++
		}
		return false
	}, func() string {
		return fmt.Sprintf("no diagnostics for %s, %s; server log:\n%v", uri, what, c.logs)
	})
	return diags
}

func (c *client) initialize(root string) {
	c.t.Helper()
	var res struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	params := map[string]any{
		"processId": nil,
		"rootUri":   pathToURI(root),
		"capabilities": map[string]any{
			"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}},
			"window":    map[string]any{"workDoneProgress": true},
		},
	}
	if err := c.call("initialize", params, &res); err != nil {
		c.t.Fatal(err)
	}
	if res.Capabilities["codeActionProvider"] == nil {
		c.t.Fatalf("no codeActionProvider in %v", res.Capabilities)
	}
	c.notify("initialized", map[string]any{})
}

func (c *client) open(uri, text string) {
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: text}})
}

func (c *client) change(uri string, version int, text string) {
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []TextDocumentContentChange{{Text: text}},
	})
}

func (c *client) stop() {
	c.t.Helper()
	if err := c.call("shutdown", nil, nil); err != nil {
		c.t.Fatal(err)
	}
	c.notify("exit", nil)
	select {
	case code := <-c.exit:
		if code != 0 {
			c.t.Errorf("exit code %d after shutdown, want 0", code)
		}
		c.exit <- code // for the cleanup
	case <-time.After(10 * time.Second):
		c.t.Fatal("server did not exit")
	}
}

// applyEdits applies LSP text edits to content, as an editor does: all
// ranges refer to the content before any edit.
func applyEdits(content string, edits []TextEdit) string {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{
			position.Offset([]byte(content), e.Range.Start.Line, e.Range.Start.Character),
			position.Offset([]byte(content), e.Range.End.Line, e.Range.End.Character),
			e.NewText,
		})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	for _, s := range spans {
		content = content[:s.start] + s.text + content[s.end:]
	}
	return content
}
