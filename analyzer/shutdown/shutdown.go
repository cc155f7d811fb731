package shutdown

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

//go:embed doc.go
var doc string

// Rule is the shutdown rule.
var Rule = &rule.Rule{
	Name:    "shutdown",
	Title:   "server that cannot stop gracefully, or a mistake around Shutdown",
	Doc:     rule.ExtractDoc(doc, "shutdown"),
	Default: true,
	Since:   "v0.1.0",
	Options: func() rule.Options { return new(Options) },
	Run:     run,
	// StopsFact: which functions stop a server when their context is done;
	// the others: the drain check's durable work and goroutines.
	FactTypes: []analysis.Fact{new(StopsFact), new(WrapsStopFact), new(SideFact), new(WorkFact), new(StartsFact), new(ServedFact), new(WaitsFact), new(ReportedFact)},
}

// A site is a use of a server method: serving, or stopping.
type site struct {
	sel    *ast.SelectorExpr
	call   *ast.CallExpr // nil for a method value (g.Go(srv.ListenAndServe))
	cur    inspector.Cursor
	fn     apis.Func
	api    *frameworks.ServerAPI // the server API fn is (nil for a signal.Notify)
	key    types.Object          // the variable or field holding the server, if known
	recv   string                // the receiver as the user wrote it: "srv", "s.http"
	closed bool                  // serving: returns http.ErrServerClosed after Shutdown
	grace  bool                  // stopping: Shutdown rather than Close
}

type checker struct {
	p    *rule.Pass
	info *types.Info

	serves   []*site
	stops    []*site
	unserved []*site // gin's Run, http.ListenAndServe, ...
	notifies []inspector.Cursor
	// params are the parameters and receivers of the package's functions:
	// a server that comes in as one belongs to the caller.
	params map[types.Object]bool
	// facts holds the StopsFact of the package's functions, and the
	// imported ones asked for (nil for none).
	facts map[*types.Func]*StopsFact
	// ranged maps the value variable of a range loop to the collection it
	// ranges over: servers kept in a slice or map are tracked by it.
	ranged map[types.Object]ast.Expr
	// copied maps a local variable defined once from a field or package
	// variable (srv := s.httpServer) to that expression: it holds the
	// same server, so the stop of the field in one method stops the
	// serve of the copy in another.
	copied map[types.Object]ast.Expr
	// side holds the package's functions with a SideFact.
	side map[*types.Func]bool
	// wraps holds the WrapsStopFact of the package's functions, and the
	// imported ones asked for (nil for none).
	wraps map[*types.Func]*WrapsStopFact
}

func run(p *rule.Pass) error {
	c := &checker{p: p, info: p.TypesInfo, params: map[types.Object]bool{}, ranged: map[types.Object]ast.Expr{}, copied: map[types.Object]ast.Expr{}, facts: map[*types.Func]*StopsFact{}, side: map[*types.Func]bool{}, wraps: map[*types.Func]*WrapsStopFact{}}
	server := astx.Imports(p.Pkg, frameworks.ServerPackages...)
	if server || astx.Imports(p.Pkg, "os/signal") {
		c.collect()
	}
	// Facts in every package of the user's code: one that starts no
	// server may hand a context on to one that does (main →
	// app.Start(ctx) → srv.Run(ctx)).
	c.summarize()
	c.wrapFacts()
	if astx.Imports(p.Pkg, "net/http") {
		c.sideFacts()
	}
	if opts, _ := p.Options.(*Options); opts != nil && opts.Drain {
		c.drain(true)
	}
	if !server && !astx.Imports(p.Pkg, "os/signal") {
		return nil // no server can start here, and no signal arrives
	}
	if c.testSupport() {
		// A package whose non-test code imports testing is test support
		// (httptest-style helpers): its servers live as long as a test.
		return nil
	}
	// One report for servers started in the branches of one if/else
	// chain (router.RunUnix, Run or RunTLS by protocol): one fix.
	alts := map[*site][]*site{}
	var first []*site
	for _, s := range c.unserved {
		grouped := false
		for _, f := range first {
			if f.recv == s.recv && f.fn.PkgPath == s.fn.PkgPath && exclusive(f.cur, s.cur) {
				alts[f] = append(alts[f], s)
				grouped = true
				break
			}
		}
		if !grouped {
			first = append(first, s)
		}
	}
	for _, s := range first {
		p.At(s.sel)
		c.checkUnserved(s, alts[s])
	}
	for _, s := range c.serves {
		p.At(s.sel)
		c.checkServe(s)
	}
	for _, s := range c.stops {
		p.At(s.sel)
		c.checkDeadline(s)
		c.checkDeferredStop(s)
	}
	for _, cur := range c.notifies {
		p.At(cur.Node())
		c.checkNotify(cur)
	}
	return nil
}

// collect finds the serve and stop sites and the signal registrations,
// outside tests: a test server is torn down with the test binary.
func (c *checker) collect() {
	c.findCopies()
	for _, f := range c.p.Files {
		name := c.p.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, "_test.go") || ast.IsGenerated(f) {
			continue
		}
		root, ok := c.p.Inspector().Root().FindNode(f)
		if !ok {
			continue
		}
		for cur := range root.Preorder((*ast.SelectorExpr)(nil), (*ast.FuncType)(nil), (*ast.FuncDecl)(nil), (*ast.RangeStmt)(nil)) {
			switch n := cur.Node().(type) {
			case *ast.RangeStmt:
				if id := identOf(n.Value); id != nil && n.Tok == token.DEFINE {
					if obj := c.info.Defs[id]; obj != nil {
						c.ranged[obj] = n.X
					}
				}
			case *ast.FuncDecl:
				if n.Recv != nil {
					c.noteParams(n.Recv)
				}
			case *ast.FuncType:
				c.noteParams(n.Params)
			case *ast.SelectorExpr:
				c.collectSelector(cur, n)
			}
		}
	}
}

func (c *checker) noteParams(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, id := range f.Names {
			if obj := c.info.Defs[id]; obj != nil {
				c.params[obj] = true
			}
		}
	}
}

func (c *checker) collectSelector(cur inspector.Cursor, sel *ast.SelectorExpr) {
	fn, ok := c.info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return
	}
	id := idOf(fn)
	var call *ast.CallExpr
	if parent, ok := cur.Parent().Node().(*ast.CallExpr); ok && ast.Unparen(parent.Fun) == sel {
		call = parent
	}
	s := &site{sel: sel, call: call, cur: cur, fn: id}
	if id.PkgPath == "os/signal" && (id.Name == "Notify" || id.Name == "NotifyContext") && call != nil {
		c.notifies = append(c.notifies, cur.Parent())
		return
	}
	s.api = frameworks.Server(id)
	if s.api == nil {
		return
	}
	switch s.api.Role {
	case frameworks.Unstoppable:
		if call != nil {
			s.recv = c.recvString(sel)
			c.unserved = append(c.unserved, s)
		}
	case frameworks.Serves:
		s.closed = s.api.ErrClosed
		s.key = c.keyOf(sel)
		s.recv = c.recvString(sel)
		c.serves = append(c.serves, s)
	case frameworks.Stops:
		s.grace = s.api.Graceful
		s.key = c.keyOf(sel)
		s.recv = c.recvString(sel)
		c.stops = append(c.stops, s)
	}
}

// isStop reports whether fn stops a server (frameworks.Server).
func isStop(fn *types.Func) bool {
	api := frameworks.Server(idOf(fn))
	return api != nil && api.Role == frameworks.Stops
}

func (c *checker) recvString(sel *ast.SelectorExpr) string {
	if _, isPkg := c.info.Uses[identOf(sel.X)].(*types.PkgName); isPkg {
		return ""
	}
	return c.str(sel.X)
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// keyOf returns the variable or struct field that holds the server whose
// method sel selects, or nil if it cannot be named: a call result, a map
// element, a parameter (the caller owns the server).
func (c *checker) keyOf(sel *ast.SelectorExpr) types.Object {
	msel := c.info.Selections[sel]
	if msel == nil {
		return nil
	}
	// A method promoted from an embedded server (type Server struct {
	// *http.Server }): the embedded field holds it, whatever the
	// variable is called in each method.
	if idx := msel.Index(); len(idx) > 1 {
		// The outermost embedding the package declares; through a
		// library's own (hertz's Hertz embeds *route.Engine) the variable
		// holds the server.
		if f := embeddedField(msel.Recv(), idx[:1]); f != nil && f.Pkg() == c.p.Pkg {
			return embeddedField(msel.Recv(), idx[:len(idx)-1])
		}
		return c.holder(sel.X)
	}
	return c.holder(sel.X)
}

// findCopies fills c.copied: the local variables defined once, from a
// selector (srv := s.httpServer), and never assigned again.
func (c *checker) findCopies() {
	assigned := map[types.Object]int{}
	for _, f := range c.p.Files {
		c.p.Model().Inspect(f, []ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok {
				return true
			}
			for i, l := range as.Lhs {
				id := identOf(l)
				if id == nil {
					continue
				}
				obj := c.info.ObjectOf(id)
				if obj == nil {
					continue
				}
				assigned[obj]++
				if as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) {
					if _, ok := ast.Unparen(as.Rhs[i]).(*ast.SelectorExpr); ok {
						c.copied[obj] = as.Rhs[i]
					}
				}
			}
			return true
		})
	}
	for obj := range c.copied {
		if assigned[obj] != 1 {
			delete(c.copied, obj)
		}
	}
}

// holder returns the variable or field x reads, if x names one.
func (c *checker) holder(x ast.Expr) types.Object {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[x].(*types.Var)
		if !ok || c.params[v] {
			return nil
		}
		if coll, ok := c.ranged[v]; ok {
			// for _, s := range servers: started in one loop, shut down
			// in another, the servers are the collection's.
			return c.holder(coll)
		}
		if from, ok := c.copied[v]; ok {
			// srv := s.httpServer in Start, and again in Shutdown: both
			// are the field's server.
			if h := c.holder(from); h != nil {
				return h
			}
		}
		return v
	case *ast.IndexExpr:
		return c.holder(x.X) // servers[i]
	case *ast.SelectorExpr:
		if fsel := c.info.Selections[x]; fsel != nil && fsel.Kind() == types.FieldVal {
			// e.Server.Shutdown(ctx) stops what e.Start started: echo
			// serves through its exported Server and TLSServer fields.
			if f, _ := fsel.Obj().(*types.Var); frameworks.IsServerField(f) {
				return c.holder(x.X)
			}
			return fsel.Obj()
		}
		if v, ok := c.info.Uses[x.Sel].(*types.Var); ok { // pkg.Server
			return v
		}
	}
	return nil
}

// embeddedField returns the field reached from t by the field indexes.
func embeddedField(t types.Type, idx []int) types.Object {
	var field *types.Var
	for _, i := range idx {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		field = st.Field(i)
		t = field.Type()
	}
	if field == nil {
		return nil
	}
	return field
}

// stopsOf returns the stop sites of the server held by key.
func (c *checker) stopsOf(key types.Object) []*site {
	var out []*site
	for _, s := range c.stops {
		if s.key == key {
			out = append(out, s)
		}
	}
	return out
}

// firstGraceful returns the first Shutdown among sites, or nil.
func firstGraceful(sites []*site) *site {
	for _, s := range sites {
		if s.grace {
			return s
		}
	}
	return nil
}

// checkUnserved reports servers that have no handle to shut them down.
func (c *checker) checkUnserved(s *site, alts []*site) {
	if c.sideServer(s) {
		return
	}
	if s.api.Listener && c.p.Model().RequestHandlerAt(s.cur) != nil {
		// http.Serve on a listener a handler builds (one hijacked
		// connection): it serves that request's connection and ends
		// with it; the process's own server is what gets drained.
		return
	}
	var what, fix string
	switch {
	case s.fn.Recv != "": // gin's engine.Run
		what = fmt.Sprintf("%s.%s starts a server that nothing can shut down", s.recv, s.fn.Name)
		fix = fmt.Sprintf("serve with srv := &http.Server{Addr: addr, Handler: %s} and call srv.Shutdown(ctx) on SIGTERM", s.recv)
	default: // net/http's package-level helpers
		what = fmt.Sprintf("http.%s starts a server that nothing can shut down", s.fn.Name)
		handler := "mux"
		if args := s.call.Args; len(args) >= 2 {
			handler = c.str(args[len(args)-1])
		}
		if handler == "nil" {
			fix = "serve with srv := &http.Server{Addr: addr} and call srv.Shutdown(ctx) on SIGTERM"
		} else {
			fix = fmt.Sprintf("serve with srv := &http.Server{Addr: addr, Handler: %s} and call srv.Shutdown(ctx) on SIGTERM", handler)
		}
	}
	d := analysis.Diagnostic{
		Pos:     s.sel.Sel.Pos(),
		End:     s.sel.Sel.End(),
		Message: fmt.Sprintf("%s: on the next deploy in-flight requests are cut off; %s", what, fix),
	}
	for _, a := range alts {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: a.sel.Sel.Pos(), End: a.sel.Sel.End(), Message: fmt.Sprintf("%s.%s in another branch: the same fix", a.recv, a.fn.Name)})
	}
	if len(alts) > 0 {
		d.Message += fmt.Sprintf(" (also %d other branches of this if/else)", len(alts))
	}
	c.p.Report(d)
}

// exclusive reports whether a and b are in different branches of one
// if/else chain: at most one of them runs.
func exclusive(a, b inspector.Cursor) bool {
	bn := b.Node()
	for cur := a.Parent(); cur.Node() != nil; cur = cur.Parent() {
		ifs, ok := cur.Node().(*ast.IfStmt)
		if !ok || ifs.Else == nil {
			continue
		}
		inBody := func(n ast.Node) bool { return ifs.Body.Pos() <= n.Pos() && n.End() <= ifs.Body.End() }
		inElse := func(n ast.Node) bool { return ifs.Else.Pos() <= n.Pos() && n.End() <= ifs.Else.End() }
		an := a.Node()
		if inBody(an) && inElse(bn) || inElse(an) && inBody(bn) {
			return true
		}
		if !(ifs.Pos() <= bn.Pos() && bn.End() <= ifs.End()) {
			return false
		}
	}
	return false
}

// sideServer reports whether an http.ListenAndServe call is a debug or
// metrics side server (pprof, expvar, Prometheus) started on its own
// goroutine: it dies with the process by design, and what it cuts off is a
// scrape, not a user's request.
func (c *checker) sideServer(s *site) bool {
	if s.fn.PkgPath != "net/http" || len(s.call.Args) < 2 {
		return false
	}
	if !c.onGoroutine(s.cur) {
		return false
	}
	h := ast.Unparen(s.call.Args[len(s.call.Args)-1])
	if id, ok := h.(*ast.Ident); ok && c.info.Uses[id] == types.Universe.Lookup("nil") {
		// DefaultServeMux: what net/http/pprof and expvar register on,
		// and where metrics packages put promhttp's handler.
		return astx.Imports(c.p.Pkg, frameworks.SidePackages...)
	}
	var body *ast.BlockStmt
	for enc := range s.cur.Enclosing((*ast.FuncDecl)(nil)) {
		body = goroutine.FuncBody(enc.Node())
	}
	return c.sideHandler(h, body)
}

// testSupport reports whether the package's non-test code imports
// testing.
func (c *checker) testSupport() bool {
	for _, f := range c.p.Files {
		if c.isTestFile(f) {
			continue
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"testing"` {
				return true
			}
		}
	}
	return false
}

// onGoroutine reports whether cur runs on a goroutine of its own: in a go
// statement, or in a function literal a go statement starts.
func (c *checker) onGoroutine(cur inspector.Cursor) bool {
	for a := range cur.Enclosing((*ast.GoStmt)(nil), (*ast.FuncDecl)(nil)) {
		_, ok := a.Node().(*ast.GoStmt)
		return ok
	}
	return false
}

// checkServe reports a server nothing stops, and a server whose
// ErrServerClosed ends the process.
func (c *checker) checkServe(s *site) {
	var stopSites []*site
	if s.key != nil {
		stopSites = c.stopsOf(s.key)
	}
	if s.key != nil && len(stopSites) == 0 && !c.escapes(s.key) {
		if c.sideServe(s) {
			return // a pprof or metrics server with its own http.Server
		}
		if c.gracefulListen(s) {
			return
		}
		c.p.Report(analysis.Diagnostic{
			Pos: s.sel.Sel.Pos(),
			End: s.sel.Sel.End(),
			Message: fmt.Sprintf("%s.%s serves until the process dies: nothing in the package calls %s.Shutdown, so on the next deploy in-flight requests are cut off; call %s.Shutdown(ctx) when SIGTERM arrives",
				s.recv, s.fn.Name, s.recv, s.recv),
			Related: []analysis.RelatedInformation{{Pos: s.key.Pos(), End: s.key.Pos() + token.Pos(len(s.key.Name())), Message: fmt.Sprintf("%s is declared here", s.key.Name())}},
		})
		return
	}
	if s.call == nil {
		return
	}
	// The program shuts this server down: see whether ErrServerClosed,
	// which Serve returns the moment Shutdown starts, ends the process.
	// A Shutdown deferred by the serving function itself runs only after
	// the serve has returned: it cannot make it return.
	stopSites = slices.DeleteFunc(slices.Clone(stopSites), func(st *site) bool {
		_, deferred := st.cur.Parent().Parent().Node().(*ast.DeferStmt)
		return deferred && astx.EnclosingFunc(st.cur) == astx.EnclosingFunc(s.cur)
	})
	grace := firstGraceful(stopSites)
	if grace == nil && s.key == nil {
		grace = firstGraceful(c.stops) // the caller's server: any Shutdown of the package
	}
	if grace == nil {
		return
	}
	if !s.closed {
		// fiber's Listen returns nil the moment Shutdown starts: fasthttp
		// closes the listeners first, then waits for the connections
		// (fiber v2.52 app.go, v3.1 app.go: ShutdownWithContext).
		c.checkMainWaits(s, grace, astx.EnclosingFunc(s.cur))
		return
	}
	c.checkErrClosed(s, grace)
}

// gracefulListen reports whether s is fiber v3's Listen given a
// ListenConfig with a GracefulContext: Listen then shuts the app down
// itself once that context is done (v3.1 listen.go, gracefulShutdown).
func (c *checker) gracefulListen(s *site) bool {
	if s.api.GracefulField == "" || s.call == nil {
		return false
	}
	for _, a := range s.call.Args {
		lit, ok := ast.Unparen(a).(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "GracefulContext" {
					return true
				}
			}
		}
	}
	return false
}

// escapes reports whether the server held by key can be shut down by code
// this package does not show: it is returned, stored, passed to a
// function, or reachable from another package.
func (c *checker) escapes(key types.Object) bool {
	v, ok := key.(*types.Var)
	if !ok {
		return true
	}
	if v.IsField() || v.Parent() == c.p.Pkg.Scope() {
		if v.Exported() && c.p.Pkg.Name() != "main" {
			return true // another package can call Shutdown
		}
	}
	escaped := false
	for cur := range c.p.Inspector().Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if c.info.Uses[id] != key {
			continue
		}
		n, parent := ast.Node(id), cur.Parent()
		if sel, ok := parent.Node().(*ast.SelectorExpr); ok && sel.Sel == id {
			// s.srv: the selection is the use.
			n, parent = sel, parent.Parent()
		}
		if ix, ok := parent.Node().(*ast.IndexExpr); ok && ix.X == n {
			// servers[i]: the element is the use.
			n, parent = ix, parent.Parent()
		}
		switch p := parent.Node().(type) {
		case *ast.RangeStmt:
			if p.X == n {
				// Iterating hands out the servers: they escape if the
				// loop's value variable does.
				if id := identOf(p.Value); id != nil && c.info.Defs[id] != nil && !c.escapes(c.info.Defs[id]) {
					continue
				}
			}
		case *ast.CallExpr:
			if c.appendsToItself(parent, n, key) {
				continue // servers = append(servers, srv)
			}
		case *ast.SelectorExpr:
			if p.X == n {
				continue // srv.Handler, srv.ListenAndServe
			}
		case *ast.AssignStmt:
			if isLHS(p, n) {
				continue // srv = &http.Server{...}
			}
			if local := c.copyOf(p, n); local != nil && !c.escapes(local) {
				continue // srv := s.srv, a copy that stays here
			}
		case *ast.KeyValueExpr:
			if p.Key == n {
				continue // &App{srv: ...}
			}
		}
		escaped = true
		break
	}
	return escaped
}

// copyOf returns the local variable that the assignment a defines as a
// copy of n (srv := s.srv; see findCopies), or nil.
func (c *checker) copyOf(a *ast.AssignStmt, n ast.Node) types.Object {
	if a.Tok != token.DEFINE || len(a.Lhs) != len(a.Rhs) {
		return nil
	}
	for i, r := range a.Rhs {
		if ast.Unparen(r) != n {
			continue
		}
		if id := identOf(a.Lhs[i]); id != nil {
			if obj := c.info.Defs[id]; obj != nil && c.copied[obj] != nil {
				return obj
			}
		}
	}
	return nil
}

// appendsToItself reports whether the call at cur is append(n, ...)
// assigned back to key.
func (c *checker) appendsToItself(cur inspector.Cursor, n ast.Node, key types.Object) bool {
	call := cur.Node().(*ast.CallExpr)
	id := identOf(call.Fun)
	if id == nil || c.info.Uses[id] != types.Universe.Lookup("append") || len(call.Args) == 0 || call.Args[0] != n {
		return false
	}
	a, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(a.Lhs) != 1 || len(a.Rhs) != 1 || ast.Unparen(a.Rhs[0]) != call {
		return false
	}
	return c.holder(a.Lhs[0]) == key
}

func isLHS(a *ast.AssignStmt, n ast.Node) bool {
	for _, l := range a.Lhs {
		if l == n {
			return true
		}
	}
	return false
}

func (c *checker) str(e ast.Expr) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, c.p.Fset, e); err != nil {
		return "the server"
	}
	return buf.String()
}

// mentions reports whether n refers to obj.
func (c *checker) mentions(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// isErrServerClosed reports whether id names http.ErrServerClosed.
func (c *checker) mentionsErrServerClosed(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.info.Uses[id].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Name() == "ErrServerClosed" {
				found = true
			}
		}
		return !found
	})
	return found
}
