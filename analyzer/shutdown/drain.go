package shutdown

import (
	"cmp"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/objectpath"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/callgraph"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/iocalls"
)

// FlagDrain turns on the drain check (without the "shutdown." prefix the
// analyzer adds; also the golangci-lint setting key).
const FlagDrain = "drain"

// Options are shutdown's settings.
type Options struct {
	// Drain reports, at main's Shutdown, the goroutines request handlers
	// start doing durable work that nothing waits for.
	Drain bool
}

// RegisterFlags implements rule.Options.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.Drain, FlagDrain, o.Drain, "report, at the Shutdown, goroutines that request handlers start doing durable work (database writes, outgoing requests, file writes, e-mail, queue publishes) that nothing waits for after Shutdown")
}

// A Position is a place in the user's source, carried by facts across
// packages.
type Position struct {
	File      string
	Line, Col int
}

func (p Position) String() string { return fmt.Sprintf("%s:%d", filepath.Base(p.File), p.Line) }

// A Goroutine is a launch that does durable work and is not joined by the
// function that starts it.
type Goroutine struct {
	Work iocalls.Work
	At   Position // the go keyword, or the launcher's name
	// Tracker is the long-lived counter the goroutine is counted on
	// (a WaitGroup field, an errgroup in a package variable), as
	// "pkgpath objectpath"; "" if none.
	Tracker string
}

// WorkFact says calling a function of the user's does durable work
// before it returns.
type WorkFact struct{ Work iocalls.Work }

func (*WorkFact) AFact()           {}
func (f *WorkFact) String() string { return fmt.Sprintf("work(%d)", f.Work) }

// StartsFact lists the goroutines doing durable work that calling a
// function starts (itself or through its callees) and does not join.
type StartsFact struct{ Goroutines []Goroutine }

func (*StartsFact) AFact() {}
func (f *StartsFact) String() string {
	return fmt.Sprintf("starts%v", f.Goroutines)
}

// ServedFact lists the goroutines doing durable work that a package's
// request handlers start and do not join: func main sees those of every
// package it imports, at any depth.
type ServedFact struct {
	Goroutines []Goroutine
	More       int // started too, beyond the list
}

func (*ServedFact) AFact() {}
func (f *ServedFact) String() string {
	return fmt.Sprintf("served%v+%d", f.Goroutines, f.More)
}

// ReportedFact lists the goroutines a package reported at its Shutdown:
// main, stopping the server through that package's function, does not
// report them again.
type ReportedFact struct{ At []Position }

func (*ReportedFact) AFact()           {}
func (f *ReportedFact) String() string { return fmt.Sprintf("reported%v", f.At) }

// WaitsFact lists the long-lived counters a package waits for outside
// request handlers.
type WaitsFact struct{ Trackers []string }

func (*WaitsFact) AFact()           {}
func (f *WaitsFact) String() string { return fmt.Sprintf("waits%v", f.Trackers) }

// maxGoroutines bounds the goroutines a fact lists.
const maxGoroutines = 8

type drainer struct {
	c         *checker
	valueOnly *iocalls.ValueOnly
	work      map[*types.Func]iocalls.Work
	starts    map[*types.Func][]Goroutine
	served    []Goroutine
	more      int
	waits     []string
	imported  map[*types.Func]iocalls.Work
	importedS map[*types.Func][]Goroutine
}

// better prefers a named kind of work to ContextIO, and either to none.
func better(a, b iocalls.Work) iocalls.Work {
	if a == iocalls.NoWork || (a == iocalls.ContextIO && b != iocalls.NoWork) {
		return b
	}
	return a
}

func addGoroutine(gs []Goroutine, g Goroutine) ([]Goroutine, bool) {
	for _, old := range gs {
		if old.At == g.At {
			return gs, false
		}
	}
	if len(gs) >= maxGoroutines {
		return gs, false
	}
	return append(gs, g), true
}

// drain computes the package's drain facts, and reports at main's
// Shutdown when report is set.
func (c *checker) drain(report bool) {
	vo, _ := iocalls.ParseValueOnly(nil)
	d := &drainer{c: c, valueOnly: vo, work: map[*types.Func]iocalls.Work{}, starts: map[*types.Func][]Goroutine{},
		imported: map[*types.Func]iocalls.Work{}, importedS: map[*types.Func][]Goroutine{}}
	m := c.p.Model()
	decls := m.FuncDecls()
	fns := make([]*types.Func, len(decls))
	for i, fd := range decls {
		fns[i] = fd.Obj
	}
	launched := map[ast.Node]bool{} // literals and go statements run by launches
	for _, l := range m.Launches() {
		launched[l.Node] = true
		if l.Lit != nil {
			launched[l.Lit] = true
		}
	}
	callees := make([][]*types.Func, len(decls))
	for i, fd := range decls {
		for cur := range fd.Body.Preorder((*ast.CallExpr)(nil)) {
			callees[i] = append(callees[i], m.Callees(cur.Node().(*ast.CallExpr))...)
		}
	}
	// What calling each function does before it returns: the calls in its
	// body outside the goroutines it starts.
	callgraph.Solve(fns, func(i int) []*types.Func { return callees[i] }, func(i int) bool {
		w := d.work[fns[i]]
		before := w
		d.syncCalls(decls[i].Decl.Body, launched, func(call *ast.CallExpr) { w = better(w, d.callWork(call)) })
		d.work[fns[i]] = w
		return w != before
	})
	// The goroutines each launch starts, where they are started.
	for _, l := range m.Launches() {
		if c.isTestFile(l.Node) || m.Joined(l) {
			continue
		}
		w := d.launchWork(l, launched)
		if w == iocalls.NoWork {
			continue
		}
		g := Goroutine{Work: w, At: d.position(l.Pos()), Tracker: d.tracker(l)}
		if d.handlerAt(l.Cursor) != nil {
			d.serve(g)
			continue
		}
		if fd := astx.EnclosingDecl(l.Cursor); fd != nil {
			if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
				d.starts[obj], _ = addGoroutine(d.starts[obj], g)
			}
		}
	}
	// Through the calls that run when a function is called (not those of
	// the request handlers it registers).
	callgraph.Solve(fns, func(i int) []*types.Func { return callees[i] }, func(i int) bool {
		changed := false
		for cur := range decls[i].Body.Preorder((*ast.CallExpr)(nil)) {
			if d.handlerAt(cur) != nil && !d.isHandler(decls[i].Decl) {
				continue
			}
			for _, fn := range m.Callees(cur.Node().(*ast.CallExpr)) {
				for _, g := range d.startsOf(fn) {
					var added bool
					d.starts[fns[i]], added = addGoroutine(d.starts[fns[i]], g)
					changed = changed || added
				}
			}
		}
		return changed
	})
	// The request handlers' calls.
	for i, fd := range decls {
		for cur := range fd.Body.Preorder((*ast.CallExpr)(nil)) {
			if d.handlerAt(cur) == nil || c.isTestFile(cur.Node()) {
				continue
			}
			for _, fn := range m.Callees(cur.Node().(*ast.CallExpr)) {
				if fn == fns[i] {
					continue
				}
				for _, g := range d.startsOf(fn) {
					d.serve(g)
				}
			}
		}
	}
	d.findWaits()
	if c.p.Pkg.Name() != "main" { // nothing imports a main package
		d.export(decls)
	}
	if report {
		d.report()
	}
}

func (d *drainer) serve(g Goroutine) {
	var added bool
	d.served, added = addGoroutine(d.served, g)
	if !added && !slices.ContainsFunc(d.served, func(o Goroutine) bool { return o.At == g.At }) {
		d.more++
	}
}

// isHandler reports whether fn serves a request: the model's request
// handlers, and a function handed both the http.ResponseWriter and the
// *http.Request among other parameters (httprouter's
// func(w, r, httprouter.Params), a router's own shapes).
func (d *drainer) isHandler(fn ast.Node) bool {
	if d.c.p.Model().IsHandler(fn) {
		return true
	}
	var t types.Type
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj := d.c.info.Defs[fn.Name]; obj != nil {
			t = obj.Type()
		}
	case *ast.FuncLit:
		t = d.c.info.TypeOf(fn)
	}
	sig, ok := t.(*types.Signature)
	if !ok {
		return false
	}
	w, r := false, false
	for v := range sig.Params().Variables() {
		w = w || goroutine.IsNamed(v.Type(), "net/http", "ResponseWriter")
		r = r || goroutine.IsNamed(v.Type(), "net/http", "Request")
	}
	return w && r
}

// handlerAt returns the innermost request handler around cur, or nil.
func (d *drainer) handlerAt(cur inspector.Cursor) ast.Node {
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if d.isHandler(enc.Node()) {
			return enc.Node()
		}
	}
	return nil
}

// syncCalls calls f for each call in body that runs before the function
// returns: not in the goroutines it starts.
func (d *drainer) syncCalls(body ast.Node, launched map[ast.Node]bool, f func(*ast.CallExpr)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if launched[n] {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			f(call)
		}
		return true
	})
}

// callWork returns the durable work a call does: by the table for the
// standard library and dependencies, by the functions' work for the
// user's (an interface method of the user's through the implementations
// the package sees; with none, a context-taking one does I/O, as
// ctxcancel takes it).
func (d *drainer) callWork(call *ast.CallExpr) iocalls.Work {
	fn, ok := typeutil.Callee(d.c.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return iocalls.NoWork
	}
	return d.funcWork(fn, call)
}

func (d *drainer) funcWork(fn *types.Func, call *ast.CallExpr) iocalls.Work {
	m := d.c.p.Model()
	if isStop(fn) {
		return iocalls.NoWork // stopping a server is not work of its own
	}
	if !m.UserCode(fn.Pkg()) {
		return iocalls.Durable(fn, d.valueOnly)
	}
	if w := iocalls.Listed(fn); w != iocalls.NoWork {
		return w // a stub of a listed package, in tests
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
		var impls []*types.Func
		if call != nil {
			impls = m.Callees(call)
		} else {
			impls = m.Implementations(fn)
		}
		w := iocalls.NoWork
		for _, impl := range impls {
			w = better(w, d.userWork(impl))
		}
		if len(impls) == 0 && iocalls.TakesContext(fn) {
			w = iocalls.ContextIO
		}
		return w
	}
	return d.userWork(fn)
}

func (d *drainer) userWork(fn *types.Func) iocalls.Work {
	fn = fn.Origin()
	if fn.Pkg() == d.c.p.Pkg {
		return d.work[fn]
	}
	w, ok := d.imported[fn]
	if !ok {
		var f WorkFact
		if d.c.p.ImportObjectFact(fn, &f) {
			w = f.Work
		}
		d.imported[fn] = w
	}
	return w
}

func (d *drainer) startsOf(fn *types.Func) []Goroutine {
	fn = fn.Origin()
	if fn.Pkg() == d.c.p.Pkg {
		return d.starts[fn]
	}
	if !d.c.p.Model().UserCode(fn.Pkg()) {
		return nil
	}
	gs, ok := d.importedS[fn]
	if !ok {
		var f StartsFact
		if d.c.p.ImportObjectFact(fn, &f) {
			gs = f.Goroutines
		}
		d.importedS[fn] = gs
	}
	return gs
}

// launchWork returns the durable work the goroutine l starts does.
func (d *drainer) launchWork(l *goroutine.Launch, launched map[ast.Node]bool) iocalls.Work {
	w := iocalls.NoWork
	switch {
	case l.Lit != nil:
		d.syncCalls(l.Lit.Body, launched, func(call *ast.CallExpr) { w = better(w, d.callWork(call)) })
	case l.Call != nil:
		// go as.worker.LaunchCampaign(c): an interface method of the
		// user's, through its implementations.
		w = d.callWork(l.Call)
	case l.Callee != nil:
		w = d.funcWork(l.Callee, l.Call)
	}
	return w
}

// tracker returns the long-lived counter l is counted on, or "": the
// receiver of a launcher that has a Wait (errgroup's Go, WaitGroup.Go) or
// of a user's wrapper whose type has a Wait method; for a go statement,
// a WaitGroup (or a type with a Wait method) the launching function adds
// to before the launch or the goroutine calls Done on. Long-lived: a
// package variable or a struct field, not a local of the handler, whose
// Wait returns when the request does.
func (d *drainer) tracker(l *goroutine.Launch) string {
	info := d.c.info
	switch {
	case l.Launcher != nil:
		if l.Launcher.Wait != "" && l.Recv != nil {
			return d.counterKey(l.Recv)
		}
		return ""
	case l.Wrapper != nil:
		if call, ok := l.Node.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil && hasWait(info.TypeOf(sel.X)) {
				return d.counterKey(sel.X)
			}
		}
		return ""
	}
	key := ""
	check := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || key != "" {
				return key == ""
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || info.Selections[sel] == nil || !hasWait(info.TypeOf(sel.X)) {
				return true
			}
			if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Name() != "Wait" {
				key = d.counterKey(sel.X)
			}
			return true
		})
	}
	if l.Lit != nil {
		check(l.Lit.Body)
	}
	if body := goroutine.FuncBody(l.Encl); key == "" && body != nil {
		for _, stmt := range body.List {
			if stmt.Pos() >= l.Node.Pos() {
				break
			}
			check(stmt)
		}
	}
	return key
}

// hasWait reports whether values of type t have a Wait method: a
// WaitGroup, an errgroup, a task tracker of the user's.
func hasWait(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Wait")
	_, ok := obj.(*types.Func)
	return ok
}

// counterKey names the long-lived variable or field e denotes across
// packages, or "" for a local.
func (d *drainer) counterKey(e ast.Expr) string {
	var obj types.Object
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return d.counterKey(x.X)
		}
	case *ast.SelectorExpr:
		if s := d.c.info.Selections[x]; s != nil && s.Kind() == types.FieldVal {
			obj = s.Obj()
		} else if s == nil {
			obj = d.c.info.Uses[x.Sel]
		}
	case *ast.Ident:
		if v, ok := d.c.info.Uses[x].(*types.Var); ok && goroutine.IsPackageVar(v) {
			obj = v
		}
	}
	if obj == nil || obj.Pkg() == nil {
		return ""
	}
	if v, ok := obj.(*types.Var); ok && goroutine.IsPackageVar(v) {
		// objectpath has no path for an unexported one; the name is
		// unique in its package.
		return obj.Pkg().Path() + " ." + obj.Name()
	}
	path, err := objectpath.For(obj)
	if err != nil {
		return ""
	}
	return obj.Pkg().Path() + " " + string(path)
}

// findWaits collects the long-lived counters the package waits for
// outside request handlers.
func (d *drainer) findWaits() {
	for cur := range d.c.p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Wait" {
			continue
		}
		if fn, ok := d.c.info.Uses[sel.Sel].(*types.Func); !ok || fn.Type().(*types.Signature).Recv() == nil {
			continue
		}
		if d.handlerAt(cur) != nil || d.c.isTestFile(call) {
			continue
		}
		if key := d.counterKey(sel.X); key != "" && !slices.Contains(d.waits, key) {
			d.waits = append(d.waits, key)
		}
	}
}

func (d *drainer) export(decls []goroutine.FuncDecl) {
	for _, fd := range decls {
		if w := d.work[fd.Obj]; w != iocalls.NoWork {
			d.c.p.ExportObjectFact(fd.Obj, &WorkFact{Work: w})
		}
		if gs := d.starts[fd.Obj]; len(gs) > 0 {
			d.c.p.ExportObjectFact(fd.Obj, &StartsFact{Goroutines: gs})
		}
	}
	if len(d.served) > 0 {
		d.c.p.ExportPackageFact(&ServedFact{Goroutines: d.served, More: d.more})
	}
	if len(d.waits) > 0 {
		slices.Sort(d.waits)
		d.c.p.ExportPackageFact(&WaitsFact{Trackers: d.waits})
	}
}

func (d *drainer) position(pos token.Pos) Position {
	p := d.c.p.Fset.Position(pos)
	return Position{File: p.Filename, Line: p.Line, Col: p.Column}
}

// report reports, at the package's first Shutdown (in package main
// without one, the first call of a function that shuts a server down),
// the goroutines doing durable work that nothing waits for which request
// handlers of the package and of the packages it imports, at any depth,
// start: the package that stops the server sees them through its imports
// (a server stopped in its own package, which imports the handlers,
// while main only runs a command).
func (d *drainer) report() {
	served := slices.Clone(d.served)
	more := d.more
	waited := map[string]bool{}
	for _, k := range d.waits {
		waited[k] = true
	}
	reported := map[Position]bool{}
	for _, pf := range d.c.p.AllPackageFacts() {
		switch f := pf.Fact.(type) {
		case *ReportedFact:
			for _, at := range f.At {
				reported[at] = true
			}
		case *ServedFact:
			if pf.Package == d.c.p.Pkg {
				continue
			}
			for _, g := range f.Goroutines {
				if !slices.ContainsFunc(served, func(o Goroutine) bool { return o.At == g.At }) {
					served = append(served, g)
				}
			}
			more += f.More
		case *WaitsFact:
			for _, k := range f.Trackers {
				waited[k] = true
			}
		}
	}
	lost := slices.DeleteFunc(served, func(g Goroutine) bool { return g.Tracker != "" && waited[g.Tracker] || reported[g.At] })
	if len(lost) == 0 {
		return
	}
	slices.SortFunc(lost, func(a, b Goroutine) int {
		return cmp.Or(cmp.Compare(a.At.File, b.At.File), cmp.Compare(a.At.Line, b.At.Line), cmp.Compare(a.At.Col, b.At.Col))
	})
	anchor, stopName := d.anchor()
	if anchor == nil {
		return // the program does not stop gracefully: the other checks say so
	}
	var parts []string
	for i, g := range lost {
		if i == 3 {
			break
		}
		s := fmt.Sprintf("%s at %s", g.Work, g.At)
		if g.Tracker != "" {
			s += " (counted, but nothing waits for the counter)"
		}
		parts = append(parts, s)
	}
	n := len(lost) + more
	list := strings.Join(parts, "; ")
	if n > len(parts) {
		list += fmt.Sprintf("; %d more", n-len(parts))
	}
	what := "a goroutine"
	if n > 1 {
		what = fmt.Sprintf("%d goroutines", n)
	}
	diag := analysis.Diagnostic{
		Pos: anchor.Pos(),
		End: anchor.End(),
		Message: fmt.Sprintf("%s waits for the requests in flight, not for %s that request handlers start doing durable work (%s): main returns once it does, and on every deploy that work is cut off mid-way and lost; count each goroutine on a sync.WaitGroup that main waits for after %s, with a deadline",
			stopName, what, list, stopName),
	}
	for i, g := range lost {
		if i == 3 {
			break
		}
		if pos := d.tokenPos(g.At); pos.IsValid() {
			diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("this goroutine %s, and nothing waits for it", g.Work)})
		}
	}
	d.c.p.Report(diag)
	if d.c.p.Pkg.Name() != "main" {
		at := make([]Position, 0, len(lost))
		for _, g := range lost {
			at = append(at, g.At)
		}
		d.c.p.ExportPackageFact(&ReportedFact{At: at})
	}
}

// anchor returns where main's stop path is: the first Shutdown in the
// package, or the first call in it of a function that shuts a server down
// (StopsFact).
func (d *drainer) anchor() (ast.Node, string) {
	for _, s := range d.c.stops {
		if s.grace && s.call != nil && !d.c.isTestFile(s.sel) {
			return s.sel.Sel, s.recv + "." + s.fn.Name
		}
	}
	if d.c.p.Pkg.Name() != "main" {
		return nil, "" // the package that stops the server reports
	}
	for cur := range d.c.p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if d.c.isTestFile(call) {
			continue
		}
		fn := typeutil.StaticCallee(d.c.info, call)
		if f := d.c.stopsFact(fn); f != nil && f.Grace {
			return call.Fun, fmt.Sprintf("%s (%s)", f.Stop.Call, f.Stop.At)
		}
		if f := d.c.wrapsStop(fn); f != nil && f.Grace {
			return call.Fun, fmt.Sprintf("%s (%s)", f.Stop.Call, f.Stop.At)
		}
	}
	return nil, ""
}

// tokenPos returns p in the pass's file set, if the file is there.
func (d *drainer) tokenPos(p Position) token.Pos {
	var pos token.Pos
	d.c.p.Fset.Iterate(func(f *token.File) bool {
		if f.Name() == p.File && p.Line <= f.LineCount() {
			pos = f.LineStart(p.Line) + token.Pos(p.Col-1)
			return false
		}
		return true
	})
	return pos
}
