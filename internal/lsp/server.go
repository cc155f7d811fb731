// Package lsp is ginctxlint's language server: diagnostics as you type and
// quick fixes in any LSP client, since gopls cannot load third-party
// analyzers. It speaks a subset of LSP 3.17 over stdio (see Main).
//
// One goroutine reads messages and answers requests from what was last
// published; a worker goroutine loads modules and analyzes edits, always
// the newest contents, so a burst of keystrokes costs one analysis.
package lsp

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/driver"
	"github.com/ginctxlint/ginctxlint/internal/position"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Main serves LSP on in and out until the client sends exit. args are the
// analyzer's flags (-enable, -disable, rule options), as for the command.
func Main(newAnalyzer func() *analysis.Analyzer, version string, args []string, in io.Reader, out, stderr io.Writer) int {
	a := newAnalyzer()
	fs := flag.NewFlagSet(a.Name+" lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	fs.Func(cli.TagsFlag, cli.TagsUsage, func(s string) error { cli.ApplyTags(s); return nil })
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s lsp [-flag]\n\nServes the Language Server Protocol on stdin/stdout.\n\nFlags:\n", a.Name)
		fs.PrintDefaults()
	}
	if !cli.Parse(fs, args, stderr, "ginctxlint lsp -help") {
		return cli.ExitUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return cli.ExitUsage
	}
	if cfg := rule.ConfigOf(a); cfg != nil {
		if err := cfg.Validate(); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
			return cli.ExitUsage
		}
	}
	s := newServer(a, version, in, out)
	if dir := driver.DefaultCacheDir(); dir != "" {
		s.cache, _ = driver.OpenCache(dir) // no cache is slower, not wrong
	}
	return s.serve()
}

type server struct {
	a       *analysis.Analyzer
	version string
	conn    *conn
	cache   *driver.Cache // the command's: a first load after a run is warm

	mu               sync.Mutex
	docs             map[string]*doc // open documents by file name
	changed          map[string]bool // files to analyze again
	loads            map[string]bool // module directories to load
	published        map[string]*publication
	documentChanges  bool // the client takes versioned edits
	workDoneProgress bool // the client shows $/progress
	shutdown         bool

	// requests the server sent the client, by ID, awaiting a response
	pending map[string]chan *message
	nextID  int

	wake chan struct{}
	done chan struct{}

	// owned by the worker goroutine
	workspaces map[string]*workspace
	goDirs     []string // GOMODCACHE and GOROOT, once known
}

type doc struct {
	uri     string
	version int
	content []byte
}

func newServer(a *analysis.Analyzer, version string, in io.Reader, out io.Writer) *server {
	return &server{
		a:          a,
		version:    version,
		conn:       newConn(in, out),
		docs:       map[string]*doc{},
		changed:    map[string]bool{},
		loads:      map[string]bool{},
		published:  map[string]*publication{},
		pending:    map[string]chan *message{},
		wake:       make(chan struct{}, 1),
		done:       make(chan struct{}),
		workspaces: map[string]*workspace{},
	}
}

func (s *server) serve() int {
	go s.worker()
	defer close(s.done)
	initialized := false
	for {
		msg, err := s.conn.read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 1 // the client went away without exit
			}
			s.logf(messageError, "reading message: %v", err)
			return 1
		}
		if msg.Error != nil && msg.Method == "" && msg.ID == nil {
			s.conn.reply(nil, nil, msg.Error) // unparsable message: "id": null
			continue
		}
		if msg.Method == "" {
			s.response(msg)
			continue
		}
		if msg.Method == "exit" {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.shutdown {
				return 0
			}
			return 1
		}
		s.mu.Lock()
		shutdown := s.shutdown
		s.mu.Unlock()
		var rerr *rpcError
		switch {
		case shutdown:
			// After shutdown only exit is meaningful (LSP 3.17).
			rerr = &rpcError{Code: codeInvalidRequest, Message: "the server is shut down: only exit is accepted"}
		case msg.Method == "initialize" && initialized:
			rerr = &rpcError{Code: codeInvalidRequest, Message: "initialize was already received"}
		case !initialized && msg.Method != "initialize":
			rerr = &rpcError{Code: codeServerNotInitialized, Message: "not initialized"}
		}
		if rerr != nil {
			if msg.ID != nil {
				s.conn.reply(msg.ID, nil, rerr)
			}
			continue
		}
		result, rerr := s.handle(msg)
		if msg.Method == "initialize" && rerr == nil {
			initialized = true
		}
		if msg.ID != nil {
			s.conn.reply(msg.ID, result, rerr)
		}
	}
}

// response hands the client's response to a request of the server to the
// goroutine waiting for it, if any.
func (s *server) response(msg *message) {
	if msg.ID == nil {
		return
	}
	s.mu.Lock()
	ch := s.pending[string(*msg.ID)]
	delete(s.pending, string(*msg.ID))
	s.mu.Unlock()
	if ch != nil {
		ch <- msg
	}
}

// request sends a request to the client and waits up to timeout for its
// response; it reports whether the client answered without an error.
func (s *server) request(method string, params any, timeout time.Duration) bool {
	s.mu.Lock()
	s.nextID++
	id := json.RawMessage(fmt.Sprintf("\"ginctxlint-%d\"", s.nextID))
	ch := make(chan *message, 1)
	s.pending[string(id)] = ch
	s.mu.Unlock()
	raw, err := json.Marshal(params)
	if err == nil {
		err = s.conn.write(&message{ID: &id, Method: method, Params: raw})
	}
	if err == nil {
		select {
		case msg := <-ch:
			return msg.Error == nil
		case <-time.After(timeout):
		case <-s.done:
		}
	}
	s.mu.Lock()
	delete(s.pending, string(id))
	s.mu.Unlock()
	return false
}

func (s *server) handle(msg *message) (any, *rpcError) {
	decode := func(v any) *rpcError {
		if err := json.Unmarshal(msg.Params, v); err != nil {
			return &rpcError{Code: codeInvalidParams, Message: err.Error()}
		}
		return nil
	}
	switch msg.Method {
	case "initialize":
		var p InitializeParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.documentChanges = p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges
		s.workDoneProgress = p.Capabilities.Window.WorkDoneProgress
		roots := []string{p.RootURI}
		for _, f := range p.WorkspaceFolders {
			roots = append(roots, f.URI)
		}
		for _, r := range roots {
			// Start loading at once: the first load is the slow part.
			if dir := uriToPath(r); dir != "" {
				if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
					s.loads[dir] = true
				}
			}
		}
		s.mu.Unlock()
		s.kick()
		return map[string]any{
			"capabilities": map[string]any{
				"positionEncoding": "utf-16",
				"textDocumentSync": map[string]any{
					"openClose": true,
					"change":    1, // full: documents are small, and it is never wrong
					"save":      map[string]any{"includeText": false},
				},
				"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
			},
			"serverInfo": map[string]any{"name": "ginctxlint", "version": s.version},
		}, nil
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		s.setDoc(p.TextDocument.URI, &doc{uri: p.TextDocument.URI, version: p.TextDocument.Version, content: []byte(p.TextDocument.Text)})
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		name := uriToPath(p.TextDocument.URI)
		s.mu.Lock()
		d := s.docs[name]
		s.mu.Unlock()
		if d == nil {
			return nil, nil // a change to a document never opened: ignore
		}
		content := d.content
		for _, ch := range p.ContentChanges {
			content = applyChange(content, ch)
		}
		s.setDoc(p.TextDocument.URI, &doc{uri: p.TextDocument.URI, version: p.TextDocument.Version, content: content})
	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.changed[uriToPath(p.TextDocument.URI)] = true
		s.mu.Unlock()
		s.kick()
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		name := uriToPath(p.TextDocument.URI)
		s.mu.Lock()
		delete(s.docs, name)
		s.changed[name] = true // back to the contents on disk
		s.mu.Unlock()
		s.kick()
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := decode(&p); err != nil {
			return nil, err
		}
		return s.codeActions(p), nil
	default:
		if msg.ID != nil {
			return nil, &rpcError{Code: codeMethodNotFound, Message: "method not supported: " + msg.Method}
		}
	}
	return nil, nil
}

func (s *server) setDoc(uri string, d *doc) {
	name := uriToPath(uri)
	if name == "" {
		return
	}
	s.mu.Lock()
	s.docs[name] = d
	s.changed[name] = true
	s.mu.Unlock()
	s.kick()
}

func (s *server) kick() {
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is pending; the worker will see this change too
	}
}

func applyChange(content []byte, ch TextDocumentContentChange) []byte {
	if ch.Range == nil {
		return []byte(ch.Text)
	}
	start := position.Offset(content, ch.Range.Start.Line, ch.Range.Start.Character)
	end := max(start, position.Offset(content, ch.Range.End.Line, ch.Range.End.Character))
	out := make([]byte, 0, len(content)-(end-start)+len(ch.Text))
	out = append(out, content[:start]...)
	out = append(out, ch.Text...)
	return append(out, content[end:]...)
}

// A snapshot is what the worker analyzes: the open documents as they were
// when it started, and the files on disk, read once.
type snapshot struct {
	docs map[string]*doc
	disk map[string][]byte
}

func (s *snapshot) readFile(name string) ([]byte, error) {
	if d := s.docs[name]; d != nil {
		return d.content, nil
	}
	if b, ok := s.disk[name]; ok {
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	s.disk[name] = b
	return b, nil
}

func (s *snapshot) version(name string) *int {
	if d := s.docs[name]; d != nil {
		v := d.version
		return &v
	}
	return nil
}

func (s *snapshot) overlay() map[string][]byte {
	o := map[string][]byte{}
	for name, d := range s.docs {
		o[name] = d.content
	}
	return o
}

func (s *server) worker() {
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		changed, loads := s.changed, s.loads
		s.changed, s.loads = map[string]bool{}, map[string]bool{}
		snap := &snapshot{docs: map[string]*doc{}, disk: map[string][]byte{}}
		for name, d := range s.docs {
			snap.docs[name] = d
		}
		s.mu.Unlock()
		s.analyze(changed, loads, snap)
	}
}

// analyze brings the workspaces up to date with snap and publishes what
// changed.
func (s *server) analyze(changed, loads map[string]bool, snap *snapshot) {
	byDir := map[string][]string{}
	var outside []string
	for name := range changed {
		switch filepath.Base(name) {
		case "go.mod", "go.sum", "go.work":
			// New requirements: what go/packages knows is out of date.
			if dir := moduleDir(name); dir != "" && s.workspaces[dir] != nil {
				loads[dir] = true
			}
			continue
		}
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		dir := moduleDir(name)
		if dir == "" || s.readOnly(name) {
			outside = append(outside, name)
			continue
		}
		byDir[dir] = append(byDir[dir], name)
	}
	for dir := range loads {
		if _, ok := byDir[dir]; !ok {
			byDir[dir] = nil
		}
	}
	dirs := make([]string, 0, len(byDir))
	for dir := range byDir {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	touched := map[string]bool{}
	for _, name := range outside {
		touched[name] = true
	}
	for _, dir := range dirs {
		files := byDir[dir]
		slices.Sort(files)
		for _, f := range files {
			touched[f] = true
		}
		ws := s.workspaces[dir]
		start := time.Now()
		if ws != nil && len(files) > 0 && !loads[dir] {
			pkgs, err := ws.update(files, snap)
			if err == nil {
				s.logf(messageLog, "analyzed %d package(s) in %v after a change to %s", len(pkgs), time.Since(start).Round(time.Millisecond), strings.Join(files, ", "))
				for _, p := range pkgs {
					s.reportErr(p)
					for _, f := range p.lp.CompiledGoFiles {
						touched[f] = true
					}
				}
				continue
			}
			var nr errNeedReload
			if !errors.As(err, &nr) {
				s.logf(messageError, "%v", err)
				continue
			}
			s.logf(messageLog, "reloading %s: %v", dir, nr.reason)
		} else if ws != nil && !loads[dir] {
			continue
		}
		start = time.Now()
		prog := s.beginProgress("ginctxlint", "loading "+dir)
		nws, err := loadWorkspace(dir, s.a, s.cache, snap)
		if err != nil {
			prog.end("failed")
			s.logf(messageError, "loading %s: %v", dir, err)
			continue
		}
		prog.end(fmt.Sprintf("%d packages in %v", nws.loaded, time.Since(start).Round(time.Millisecond)))
		if ws != nil {
			for f := range ws.byFile {
				touched[f] = true // clear what the old load published
			}
		}
		s.workspaces[dir] = nws
		for f := range nws.byFile {
			touched[f] = true
		}
		// Say why a package has no findings: the user sees no type
		// errors from this server (gopls shows those), only this log.
		logged := 0
		for _, p := range nws.pkgs {
			s.reportErr(p)
			for _, e := range p.lp.Errors {
				if logged++; logged <= 10 {
					s.logf(messageLog, "%s: %v (not analyzed until fixed)", p.lp.ID, e)
				}
			}
		}
		s.logf(messageInfo, "loaded %d packages of %s in %v (go/packages %v, analysis %v)", nws.loaded, dir,
			time.Since(start).Round(time.Millisecond), nws.loadTime().Round(time.Millisecond), nws.analysisTime().Round(time.Millisecond))
	}
	s.publish(touched, changed, snap)
}

// progress is a work-done progress report ($/progress) shown by the
// client while a module loads, the slow part (10-30 s on a real service).
type progress struct {
	s     *server
	token string
	began chan bool
}

// beginProgress starts a progress report, if the client said it shows
// them: it creates the token (a request to the client) and sends "begin"
// on another goroutine, so the load does not wait for the client.
func (s *server) beginProgress(title, message string) *progress {
	s.mu.Lock()
	ok := s.workDoneProgress
	s.nextID++
	token := fmt.Sprintf("ginctxlint-load-%d", s.nextID)
	s.mu.Unlock()
	if !ok {
		return nil
	}
	p := &progress{s: s, token: token, began: make(chan bool, 1)}
	go func() {
		ok := s.request("window/workDoneProgress/create", WorkDoneProgressCreateParams{Token: token}, 10*time.Second)
		if ok {
			s.conn.notify("$/progress", ProgressParams{Token: token, Value: WorkDoneProgress{Kind: "begin", Title: title, Message: message}})
		}
		p.began <- ok
	}()
	return p
}

// end ends the report with a last message.
func (p *progress) end(message string) {
	if p == nil || !<-p.began {
		return
	}
	p.s.conn.notify("$/progress", ProgressParams{Token: p.token, Value: WorkDoneProgress{Kind: "end", Message: message}})
}

func (s *server) reportErr(p *pkg) {
	if p.err != nil && !p.lp.IllTyped {
		s.logf(messageError, "%v", p.err)
	}
}

// A publication is what the client was last sent for a file: the
// findings, and the version of the document they were computed from (nil:
// the file on disk).
type publication struct {
	version  *int
	findings []*finding
}

// publish sends the findings of the files in touched whose findings
// changed, and of the files in changed whatever they are (the client is
// waiting to hear about that version).
//
// It sends nothing for a file whose findings were not computed from the
// document the client has now: a document opened, edited or closed since
// the analysis began (the first load takes seconds; a newer analysis is
// pending), or held by a package that could not be analyzed at this
// version (the client keeps showing the last findings, under the version
// they were computed for). Code actions are answered from what was
// published, so they never carry edits computed from other text.
func (s *server) publish(touched, changed map[string]bool, snap *snapshot) {
	names := make([]string, 0, len(touched))
	for name := range touched {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fs, fresh := s.findingsOf(name, snap)
		v := snap.version(name)
		s.mu.Lock()
		if !fresh || !sameVersion(v, s.currentVersion(name)) {
			s.mu.Unlock()
			continue
		}
		prev := s.published[name]
		same := prev != nil && reflect.DeepEqual(fs, prev.findings) || len(fs) == 0 && prev == nil
		if len(fs) == 0 {
			delete(s.published, name)
		} else {
			s.published[name] = &publication{version: v, findings: fs}
		}
		s.mu.Unlock()
		if same && !changed[name] {
			continue
		}
		params := PublishDiagnosticsParams{URI: pathToURI(name), Version: v, Diagnostics: []Diagnostic{}}
		if d := snap.docs[name]; d != nil {
			params.URI = d.uri // the client's spelling of it
		}
		for _, f := range fs {
			params.Diagnostics = append(params.Diagnostics, f.diag)
		}
		s.conn.notify("textDocument/publishDiagnostics", params)
	}
}

// currentVersion is the version of the open document name, or nil if it
// is not open. s.mu must be held.
func (s *server) currentVersion(name string) *int {
	if d := s.docs[name]; d != nil {
		v := d.version
		return &v
	}
	return nil
}

func sameVersion(a, b *int) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// findingsOf merges the findings of every package holding the file (a
// package and its test variant both report a finding in a shared file).
// fresh reports whether every such package was analyzed with the file as
// it is in snap.
func (s *server) findingsOf(name string, snap *snapshot) (out []*finding, fresh bool) {
	fresh = true
	seen := map[string]bool{}
	for _, ws := range s.workspaces {
		for _, p := range ws.byFile[name] {
			if !p.analyzed || !sameVersion(p.versions[name], snap.version(name)) {
				fresh = false
			}
			for _, f := range p.findings {
				if f.file != name {
					continue
				}
				key := fmt.Sprintf("%v\x00%s\x00%s", f.diag.Range, f.diag.Code, f.diag.Message)
				if !seen[key] {
					seen[key] = true
					out = append(out, f)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return less(out[i].diag.Range.Start, out[j].diag.Range.Start) })
	return out, fresh
}

func less(a, b Position) bool {
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Character < b.Character
}

func overlaps(a, b Range) bool {
	return !less(a.End, b.Start) && !less(b.End, a.Start)
}

// codeActions offers the fixes of the published findings that overlap the
// requested range, if they were computed from the document as the client
// has it now. With documentChanges, each edit names the version it was
// computed for, so a client whose buffer moved on rejects it instead of
// applying it in the wrong place.
func (s *server) codeActions(p CodeActionParams) []CodeAction {
	if len(p.Context.Only) > 0 && !slices.Contains(p.Context.Only, "quickfix") {
		return []CodeAction{}
	}
	name := uriToPath(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	actions := []CodeAction{}
	pub := s.published[name]
	if pub == nil || !sameVersion(pub.version, s.currentVersion(name)) {
		return actions // an analysis of the current text is pending
	}
fixes:
	for _, f := range pub.findings {
		if !overlaps(f.diag.Range, p.Range) {
			continue
		}
		for _, fx := range f.fixes {
			edit := &WorkspaceEdit{}
			for _, fe := range fx.edits {
				if !sameVersion(fe.version, s.currentVersion(fe.file)) {
					continue fixes // another file the fix edits has changed
				}
				uri := pathToURI(fe.file)
				if d := s.docs[fe.file]; d != nil {
					uri = d.uri
				}
				if s.documentChanges {
					edit.DocumentChanges = append(edit.DocumentChanges, TextDocumentEdit{
						TextDocument: OptionalVersionedTextDocumentIdentifier{URI: uri, Version: fe.version},
						Edits:        fe.edits,
					})
				} else {
					if edit.Changes == nil {
						edit.Changes = map[string][]TextEdit{}
					}
					edit.Changes[uri] = append(edit.Changes[uri], fe.edits...)
				}
			}
			actions = append(actions, CodeAction{
				Title:       fx.title,
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{f.diag},
				IsPreferred: len(f.fixes) == 1,
				Edit:        edit,
			})
		}
	}
	return actions
}

func (s *server) logf(typ int, format string, args ...any) {
	s.conn.notify("window/logMessage", LogMessageParams{Type: typ, Message: "ginctxlint: " + fmt.Sprintf(format, args...)})
}

// readOnly reports whether name is in the module cache or GOROOT, where
// a user lands by jumping to a definition: loading gin's whole module as a
// workspace for that would be slow and report nothing useful.
func (s *server) readOnly(name string) bool {
	if s.goDirs == nil {
		s.goDirs = []string{}
		if out, err := exec.Command("go", "env", "GOMODCACHE", "GOROOT").Output(); err == nil {
			for _, d := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				s.goDirs = append(s.goDirs, filepath.Clean(d)+string(filepath.Separator))
			}
		}
	}
	for _, d := range s.goDirs {
		if strings.HasPrefix(name, d) {
			return true
		}
	}
	return false
}

// moduleDir is the directory of the go.mod governing file name, or "".
func moduleDir(name string) string {
	for dir := filepath.Dir(name); ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func uriToPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // file:///C:/x on Windows
	}
	return filepath.Clean(filepath.FromSlash(p))
}

func pathToURI(name string) string {
	p := filepath.ToSlash(name)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
