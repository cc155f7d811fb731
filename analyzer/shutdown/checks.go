package shutdown

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// checkErrClosed reports log.Fatal(srv.ListenAndServe()) and its spelled
// out forms in a program that calls srv.Shutdown: ListenAndServe returns
// http.ErrServerClosed as soon as Shutdown starts, and the fatal call ends
// the process while Shutdown is still draining the requests in flight.
func (c *checker) checkErrClosed(s *site, grace *site) {
	fn := astx.EnclosingFunc(s.cur)
	body := goroutine.FuncBody(fn)
	if body == nil {
		return
	}
	if c.mentionsErrServerClosed(body) {
		// ErrServerClosed is told apart (errors.Is or ==); what is left is
		// main returning before Shutdown has drained.
		c.checkMainWaits(s, grace, fn)
		return
	}
	// On a goroutine of its own, the server's function is not what keeps
	// the process alive: ignoring ErrServerClosed is the whole fix. Called
	// from main (or from code main waits for), returning is as bad as
	// log.Fatal, so the fix is more than a condition and none is offered.
	bg := c.onGoroutine(s.cur)
	advice := "ignore http.ErrServerClosed (errors.Is(err, http.ErrServerClosed))"
	if !bg {
		advice += fmt.Sprintf(" and return only after %s.Shutdown has", grace.recv)
	}
	report := func(fatal *ast.CallExpr, fix *analysis.SuggestedFix) {
		d := analysis.Diagnostic{
			Pos: fatal.Fun.Pos(),
			End: fatal.Fun.End(),
			Message: fmt.Sprintf("%s ends the process as soon as %s.Shutdown starts: %s.%s then returns http.ErrServerClosed at once, so on the next deploy in-flight requests are cut off instead of drained; %s",
				c.str(fatal.Fun), grace.recv, s.recv, s.fn.Name, advice),
			Related: []analysis.RelatedInformation{{Pos: grace.sel.Sel.Pos(), End: grace.sel.Sel.End(), Message: fmt.Sprintf("%s.Shutdown is called here", grace.recv)}},
		}
		if fix != nil && bg {
			d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		}
		c.p.Report(d)
	}
	// log.Fatal(srv.ListenAndServe())
	fatalCur := s.cur.Parent().Parent()
	if parent, ok := fatalCur.Node().(*ast.CallExpr); ok && isFatal(c.info, parent) && isArg(parent, s.call) {
		report(parent, c.wrapFix(s, parent, fatalCur))
		return
	}
	// err := srv.ListenAndServe(); if err != nil { log.Fatal(err) }
	errVar := c.assignedTo(s.cur)
	if errVar == nil {
		return
	}
	done := map[*ast.CallExpr]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if n.Cond == nil || n.Cond.Pos() < s.call.End() || !c.mentions(n.Cond, errVar) {
				return true
			}
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if call, ok := m.(*ast.CallExpr); ok && !done[call] && isFatal(c.info, call) {
					done[call] = true
					report(call, c.condFix(n, errVar))
				}
				_, lit := m.(*ast.FuncLit)
				return !lit
			})
		case *ast.CallExpr:
			if n.Pos() > s.call.End() && !done[n] && isFatal(c.info, n) && c.mentionsArgs(n, errVar) {
				done[n] = true
				report(n, nil)
			}
		}
		return true
	})
}

func isArg(call *ast.CallExpr, arg ast.Expr) bool {
	for _, a := range call.Args {
		if ast.Unparen(a) == arg {
			return true
		}
	}
	return false
}

func (c *checker) mentionsArgs(call *ast.CallExpr, obj types.Object) bool {
	for _, a := range call.Args {
		if c.mentions(a, obj) {
			return true
		}
	}
	return false
}

// assignedTo returns the variable the serve call at cur is assigned to
// (err := srv.ListenAndServe()), or nil.
func (c *checker) assignedTo(cur inspector.Cursor) types.Object {
	call := cur.Parent().Node()
	switch p := cur.Parent().Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for i, r := range p.Rhs {
				if ast.Unparen(r) == call {
					if id := identOf(p.Lhs[i]); id != nil && id.Name != "_" {
						return c.info.ObjectOf(id)
					}
				}
			}
		}
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if ast.Unparen(v) == call && i < len(p.Names) {
				return c.info.Defs[p.Names[i]]
			}
		}
	}
	return nil
}

// wrapFix rewrites `log.Fatal(srv.ListenAndServe())`, a statement, into
//
//	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
//		log.Fatal(err)
//	}
func (c *checker) wrapFix(s *site, fatal *ast.CallExpr, fatalCur inspector.Cursor) *analysis.SuggestedFix {
	stmt, ok := fatalCur.Parent().Node().(*ast.ExprStmt)
	if !ok || ast.Unparen(stmt.X) != fatal {
		return nil
	}
	if fatal.Ellipsis.IsValid() {
		return nil
	}
	errorsName, httpName, edits, ok := c.errImports(stmt.Pos())
	if !ok {
		return nil
	}
	// The new variable must hide nothing the statement uses (the err of
	// log.Fatal(err, srv.ListenAndServe())), nor the imports the condition names.
	errName := fixes.FreshName(c.p.Pass, "err", stmt.Pos(), stmt)
	if errName == "" || errName == errorsName || errName == httpName {
		return nil
	}
	indent := fixes.LineIndent(c.p.Pass, stmt.Pos())
	var args []string
	for _, a := range fatal.Args {
		if ast.Unparen(a) == s.call {
			args = append(args, errName)
		} else {
			args = append(args, c.str(a))
		}
	}
	text := fmt.Sprintf("if %[1]s := %[2]s; %[1]s != nil && !%[3]s.Is(%[1]s, %[4]s.ErrServerClosed) {\n%[5]s\t%[6]s(%[7]s)\n%[5]s}",
		errName, c.str(s.call), errorsName, httpName, indent, c.str(fatal.Fun), strings.Join(args, ", "))
	edits = append(edits, analysis.TextEdit{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)})
	return &analysis.SuggestedFix{Message: "Ignore http.ErrServerClosed", TextEdits: edits}
}

// condFix turns `if err != nil {` into `if err != nil &&
// !errors.Is(err, http.ErrServerClosed) {`, when there is no else branch
// that would start to run on ErrServerClosed.
func (c *checker) condFix(ifs *ast.IfStmt, errVar types.Object) *analysis.SuggestedFix {
	if ifs.Else != nil {
		return nil
	}
	bin, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ {
		return nil
	}
	x := identOf(bin.X)
	y := identOf(bin.Y)
	if x == nil || y == nil || c.info.Uses[x] != errVar || c.info.Uses[y] != types.Universe.Lookup("nil") {
		return nil
	}
	errorsName, httpName, edits, ok := c.errImports(ifs.Pos())
	if !ok {
		return nil
	}
	text := fmt.Sprintf(" && !%s.Is(%s, %s.ErrServerClosed)", errorsName, x.Name, httpName)
	edits = append(edits, analysis.TextEdit{Pos: ifs.Cond.End(), End: ifs.Cond.End(), NewText: []byte(text)})
	return &analysis.SuggestedFix{Message: "Ignore http.ErrServerClosed", TextEdits: edits}
}

// errImports returns the names of packages errors and net/http at pos,
// with the edits that import them. Two imports added at the same place
// become one edit.
func (c *checker) errImports(pos token.Pos) (errorsName, httpName string, edits []analysis.TextEdit, ok bool) {
	errorsName, e1, ok := fixes.Import(c.p.Pass, pos, "errors", "errors")
	if !ok {
		return "", "", nil, false
	}
	httpName, e2, ok := fixes.Import(c.p.Pass, pos, "net/http", "http")
	if !ok {
		return "", "", nil, false
	}
	return errorsName, httpName, mergeEdits(e1, e2), true
}

// mergeEdits joins insertions at the same position, which drivers may
// otherwise apply in either order, or refuse.
func mergeEdits(a, b []analysis.TextEdit) []analysis.TextEdit {
	if len(a) == 1 && len(b) == 1 && a[0].Pos == b[0].Pos && a[0].End == a[0].Pos && b[0].End == b[0].Pos {
		return []analysis.TextEdit{{Pos: a[0].Pos, End: a[0].End, NewText: append(append([]byte{}, a[0].NewText...), b[0].NewText...)}}
	}
	return append(a, b...)
}

// checkDeadline reports Shutdown given a context that never expires.
func (c *checker) checkDeadline(s *site) {
	if s.call == nil {
		return
	}
	if s.api.NoDeadline && len(s.call.Args) == 0 && !c.unobserved(s) {
		// fiber's Shutdown() is ShutdownWithContext(context.Background())
		// (v2.52 and v3.1 app.go).
		c.p.Report(analysis.Diagnostic{
			Pos: s.sel.Sel.Pos(),
			End: s.sel.Sel.End(),
			Message: fmt.Sprintf("%s.Shutdown() has no deadline (it is ShutdownWithContext(context.Background())): one connection that never goes idle (a long poll, a websocket, a stuck handler) makes it wait forever, and the deploy hangs until the process is killed; call %s.ShutdownWithTimeout with a timeout",
				s.recv, s.recv),
		})
		return
	}
	if !s.api.DeadlineArg || len(s.call.Args) == 0 {
		return
	}
	if c.unobserved(s) {
		return
	}
	arg := s.call.Args[0]
	body := goroutine.FuncBody(astx.EnclosingFunc(s.cur))
	if done, parent := c.derivedFromDone(arg, body, s.call.Pos(), 0); done {
		c.p.Report(analysis.Diagnostic{
			Pos: arg.Pos(),
			End: arg.End(),
			Message: fmt.Sprintf("%s.Shutdown(%s) returns context.Canceled at once: its context is derived from %s, which is already done when Shutdown is called, so nothing is drained and in-flight requests are cut off on every deploy; derive the deadline from context.Background() (context.WithTimeout(context.Background(), d))",
				s.recv, c.str(arg), c.str(parent)),
		})
		return
	}
	if timer, wait := c.startedBeforeWait(s, arg); timer != nil {
		c.p.Report(analysis.Diagnostic{
			Pos: arg.Pos(),
			End: arg.End(),
			Message: fmt.Sprintf("%s.Shutdown(%s) gets a deadline that started before the program waited for its stop: %s counts from when it is made, so by the time the stop comes it has long expired, Shutdown returns context.DeadlineExceeded at once and in-flight requests are cut off on every deploy; make the timeout context after the wait, just before Shutdown",
				s.recv, c.str(arg), c.str(timer.Fun)),
			Related: []analysis.RelatedInformation{
				rule.Related(timer, "the deadline starts here"),
				rule.Related(wait, "the program waits for its stop here"),
			},
		})
		return
	}
	root, ok := c.noDeadline(arg, body, 0)
	if !ok || c.deadlineOffered(s, body) {
		return
	}
	what := c.str(arg)
	if root != arg {
		what = fmt.Sprintf("%s (from %s)", what, c.str(root))
	}
	c.p.Report(analysis.Diagnostic{
		Pos: arg.Pos(),
		End: arg.End(),
		Message: fmt.Sprintf("%s.Shutdown(%s) has no deadline: one connection that never goes idle (a long poll, a websocket, a stuck handler) makes it wait forever, and the deploy hangs until the process is killed; pass a context from context.WithTimeout",
			s.recv, what),
	})
}

// startedBeforeWait reports a stop whose context is a variable set once
// to context.WithTimeout or WithDeadline before the program waits for
// its stop signal: a timer is not a budget for the stop when it runs
// while the server serves. It returns the WithTimeout call and the wait.
//
// The stop runs after the wait when the wait precedes it in the function
// that makes the timer, or in the function literals between that
// function and the stop (`go func() { <-quit; srv.Shutdown(ctx) }()`),
// or anywhere after the timer when the stop is deferred there (it runs
// at the function's return). A wait for the stop is a receive from a
// channel that signal.Notify feeds, from the Done of a signal.NotifyContext
// context or of a context parameter (a caller that cancels to stop), or a
// call of the package's own function whose body waits so. A receive from
// any other channel (a ready signal, a result) is not: such a wait may be
// short, and the deadline may still hold.
func (c *checker) startedBeforeWait(s *site, arg ast.Expr) (timer *ast.CallExpr, wait ast.Node) {
	id := identOf(arg)
	if id == nil {
		return nil, nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || c.params[v] {
		return nil, nil
	}
	// The function that declares v, and the literals from it to the stop.
	var def ast.Node
	var path []*ast.FuncLit
	deferred := false
	for cur := range s.cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.DeferStmt)(nil)) {
		n := cur.Node()
		if d, ok := n.(*ast.DeferStmt); ok {
			deferred = d.Call.Pos() <= s.call.Pos() && s.call.End() <= d.Call.End()
			continue
		}
		if body := goroutine.FuncBody(n); body != nil && body.Pos() <= v.Pos() && v.Pos() < body.End() {
			def = n
			break
		}
		lit, ok := n.(*ast.FuncLit)
		if !ok {
			return nil, nil
		}
		// Only literals that run where they stand: a goroutine or a
		// deferred call; a literal stored or passed runs who knows when.
		switch p := cur.Parent().Node().(type) {
		case *ast.CallExpr:
			if p.Fun != lit {
				return nil, nil
			}
			if _, ok := cur.Parent().Parent().Node().(*ast.GoStmt); !ok {
				if _, ok := cur.Parent().Parent().Node().(*ast.DeferStmt); !ok {
					return nil, nil
				}
			}
		default:
			return nil, nil
		}
		path = append(path, lit)
		deferred = false // a defer inside lit runs at lit's return
	}
	body := goroutine.FuncBody(def)
	if body == nil {
		return nil, nil
	}
	call, ok := ast.Unparen(c.onlyValue(v, body)).(*ast.CallExpr)
	if !ok || !c.hasDeadline(call, body, 0) {
		return nil, nil
	}
	// A stop deferred in def runs at its return; otherwise at the call.
	limit := s.call.Pos()
	if deferred {
		limit = body.End()
	}
	onPath := func(lit *ast.FuncLit) bool {
		for _, l := range path {
			if l == lit {
				return true
			}
		}
		return false
	}
	var inspect func(n ast.Node, from, to token.Pos)
	inspect = func(root ast.Node, from, to token.Pos) {
		ast.Inspect(root, func(n ast.Node) bool {
			if wait != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				if n != root && onPath(n) {
					inspect(n.Body, from, s.call.Pos())
				}
				return n == root
			case *ast.UnaryExpr:
				if n.Op == token.ARROW && from < n.Pos() && n.End() <= to && c.stopSignal(n.X, true) {
					wait = n
				}
			case *ast.CallExpr:
				if from < n.Pos() && n.End() <= to && c.waitsForStop(typeutil.StaticCallee(c.info, n)) {
					wait = n
				}
			}
			return true
		})
	}
	inspect(body, call.End(), limit)
	if wait == nil {
		return nil, nil
	}
	return call, wait
}

// stopSignal reports whether receiving from e waits for the program's
// stop: e is a channel signal.Notify feeds, or x.Done() of a context from
// signal.NotifyContext or, if params, of a parameter.
func (c *checker) stopSignal(e ast.Expr, params bool) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Done" || len(call.Args) != 0 {
			return false
		}
		obj := c.info.Uses[identOf(sel.X)]
		if obj != nil && params && c.params[obj] {
			return true
		}
		e = sel.X
	}
	obj := c.info.Uses[identOf(e)]
	if obj == nil {
		return false
	}
	for _, cur := range c.notifies {
		if c.signalVar(cur, cur.Node().(*ast.CallExpr)) == obj {
			return true
		}
	}
	return false
}

// waitsForStop reports whether fn, a function of the package, waits for
// the program's stop in its body (a waitingForExitSignal() helper).
func (c *checker) waitsForStop(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	decl := c.p.Model().DeclOf(fn)
	if decl == nil || decl.Body == nil {
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW && c.stopSignal(n.X, false)
		}
		return !found
	})
	return found
}

// unobserved reports whether nothing can wait for the stop s to return:
// it runs on a goroutine that its launcher does not join
// (goroutine.Model.Joined) and that signals nothing — no send, close,
// WaitGroup Done, call of a function value or of a function of the
// user's code, in its body or its defers. A Shutdown without a deadline
// hangs a deploy only when the process's exit waits for it; a goroutine
// no one waits for delays nothing (and a main that returns without
// waiting is a finding of its own).
func (c *checker) unobserved(s *site) bool {
	lit, ok := astx.EnclosingFunc(s.cur).(*ast.FuncLit)
	if !ok {
		return false
	}
	m := c.p.Model()
	l := m.LaunchOf(lit)
	if l == nil || m.Joined(l) {
		return false
	}
	signals := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			signals = true
		case *ast.CallExpr:
			if n == s.call {
				break // the stop itself
			}
			switch fn := typeutil.Callee(c.info, n).(type) {
			case *types.Builtin:
				signals = signals || fn.Name() == "close"
			case *types.Func:
				signals = signals || astx.IsMethod(fn, "sync", "WaitGroup", "Done") || stdlib.UserPackage(c.p.Pass, fn.Pkg())
			case *types.Var:
				signals = true // a function value: a cancel, a callback
			case nil:
				if tv, ok := c.info.Types[n.Fun]; !ok || !tv.IsType() {
					signals = true // a literal called on the spot, or unknown
				}
			}
		}
		return !signals
	})
	return !signals
}

// deadlineOffered reports whether the function around the stop s also
// stops the same server with a deadline, on another path: if
// cfg.MaxShutdownDuration <= 0 { return srv.Shutdown(context.Background()) }
// followed by a WithTimeout of that duration. The code offers the deadline;
// the configuration chose none ("no limit"), and that is not the code's
// mistake.
func (c *checker) deadlineOffered(s *site, body *ast.BlockStmt) bool {
	for _, o := range c.stops {
		if o == s || o.call == nil || len(o.call.Args) == 0 || o.recv != s.recv ||
			o.call.Pos() < body.Pos() || o.call.End() > body.End() {
			continue
		}
		if c.hasDeadline(o.call.Args[0], body, 0) {
			return true
		}
	}
	return false
}

// hasDeadline reports whether the context e evaluates to is made by
// context.WithTimeout or WithDeadline, directly or through a local
// variable assigned once.
func (c *checker) hasDeadline(e ast.Expr, body *ast.BlockStmt, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(c.info, e).(*types.Func)
		id := idOf(fn)
		return id.PkgPath == "context" && id.Recv == "" && (id.Name == "WithTimeout" || id.Name == "WithDeadline")
	case *ast.Ident:
		if v, ok := c.info.Uses[e].(*types.Var); ok && !c.params[v] {
			if rhs := c.onlyValue(v, body); rhs != nil {
				return c.hasDeadline(rhs, body, depth+1)
			}
		}
	}
	return false
}

// noDeadline reports whether the context e evaluates to has no deadline:
// context.Background(), context.TODO(), and contexts derived from them by
// WithCancel, WithValue, WithoutCancel or signal.NotifyContext, directly
// or through a local variable assigned once. It returns the root context
// expression. Unknown contexts (parameters, fields, calls) have one, as
// far as the rule is concerned.
func (c *checker) noDeadline(e ast.Expr, body *ast.BlockStmt, depth int) (ast.Expr, bool) {
	if depth > 8 || body == nil {
		return nil, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(c.info, e).(*types.Func)
		id := idOf(fn)
		switch {
		case id.PkgPath == "context" && id.Recv == "" && (id.Name == "Background" || id.Name == "TODO"):
			return e, true
		case id.PkgPath == "context" && id.Recv == "" && (id.Name == "WithCancel" || id.Name == "WithValue" || id.Name == "WithoutCancel" || id.Name == "WithCancelCause"),
			id.PkgPath == "os/signal" && id.Name == "NotifyContext":
			if len(e.Args) > 0 {
				return c.noDeadline(e.Args[0], body, depth+1)
			}
		}
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok || c.params[v] {
			return nil, false
		}
		rhs := c.onlyValue(v, body)
		if rhs == nil {
			return nil, false
		}
		return c.noDeadline(rhs, body, depth+1)
	}
	return nil, false
}

// derivedFromDone reports whether the context e evaluates to is derived
// (WithTimeout, WithDeadline, WithCancel, WithValue) from a context whose
// Done channel body receives from before pos: `<-sigCtx.Done()` then
// context.WithTimeout(sigCtx, d) — a context derived from a done one is
// done. It returns that parent.
func (c *checker) derivedFromDone(e ast.Expr, body *ast.BlockStmt, pos token.Pos, depth int) (bool, ast.Expr) {
	if depth > 8 || body == nil {
		return false, nil
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(c.info, e).(*types.Func)
		id := idOf(fn)
		if id.PkgPath != "context" || id.Recv != "" || len(e.Args) == 0 {
			return false, nil
		}
		switch id.Name {
		case "WithTimeout", "WithDeadline", "WithCancel", "WithValue", "WithTimeoutCause", "WithDeadlineCause", "WithCancelCause":
		default:
			return false, nil // WithoutCancel: a fresh start
		}
		parent := e.Args[0]
		if v, ok := c.info.Uses[identOf(parent)].(*types.Var); ok && c.receivedDone(body, v, pos) {
			return true, parent
		}
		return c.derivedFromDone(parent, body, pos, depth+1)
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return false, nil
		}
		if rhs := c.onlyValue(v, body); rhs != nil {
			return c.derivedFromDone(rhs, body, pos, depth+1)
		}
	}
	return false, nil
}

// receivedDone reports whether body waits for v.Done() before pos: a
// statement `<-v.Done()`, or a select case receiving from it whose body
// holds pos (in another case, v may not be done).
func (c *checker) receivedDone(body *ast.BlockStmt, v *types.Var, pos token.Pos) bool {
	isDone := func(e ast.Expr) bool {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			return false
		}
		call, ok := ast.Unparen(u.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Done" && c.info.Uses[identOf(sel.X)] == v
	}
	comms := map[ast.Stmt]bool{}
	c.p.Model().InspectNoLits(body, nil, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
			comms[cc.Comm] = true
		}
		return true
	})
	found := false
	c.p.Model().InspectNoLits(body, nil, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ExprStmt:
			found = found || !comms[n] && n.Pos() < pos && isDone(n.X)
		case *ast.CommClause:
			if st, ok := n.Comm.(*ast.ExprStmt); ok && isDone(st.X) && n.Colon < pos && pos < n.End() {
				found = true
			}
		}
		return !found
	})
	return found
}

// onlyValue returns the expression v is set to, if body sets it exactly
// once and the value is the first result of a call or a plain expression.
func (c *checker) onlyValue(v *types.Var, body *ast.BlockStmt) ast.Expr {
	var value ast.Expr
	count := 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id := identOf(l); id != nil && c.info.ObjectOf(id) == v {
					count++
					switch {
					case len(n.Lhs) == len(n.Rhs):
						value = n.Rhs[i]
					case len(n.Rhs) == 1 && i == 0:
						value = n.Rhs[0] // ctx, cancel := context.WithCancel(...)
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if c.info.Defs[id] == v {
					count++
					if i < len(n.Values) {
						value = n.Values[i]
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id := identOf(n.X); id != nil && c.info.Uses[id] == v {
					count += 2
				}
			}
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return value
}

// checkNotify reports signal.Notify and signal.NotifyContext calls that
// feed a server's Shutdown without SIGTERM.
func (c *checker) checkNotify(cur inspector.Cursor) {
	call := cur.Node().(*ast.CallExpr)
	fn, _ := typeutil.Callee(c.info, call).(*types.Func)
	id := idOf(fn)
	// Notify(c, sig...), NotifyContext(ctx, sig...); fewer arguments do
	// not type-check.
	if len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return // all signals, or a list the rule cannot read
	}
	sigs := call.Args[1:]
	var names []string
	stops := false
	for _, a := range sigs {
		name := signalName(c.info, a)
		if name == "" {
			return
		}
		if name == "SIGTERM" {
			return
		}
		switch name {
		case "SIGINT", "SIGQUIT", "SIGKILL":
			stops = true
		}
		names = append(names, c.str(a))
	}
	if !stops {
		return // signal.Notify(reload, syscall.SIGHUP): a reload, not a stop (miniflux)
	}
	if c.termElsewhere(cur, call) {
		return // signal.Notify(c, os.Interrupt); signal.Notify(c, syscall.SIGTERM)
	}
	// Only a registration that feeds a server's stop: a client or a CLI
	// that stops on Ctrl-C has no one sending it SIGTERM.
	stop, related, ok := c.stopFor(cur, call)
	if !ok {
		return
	}
	d := analysis.Diagnostic{
		Pos: ast.Unparen(call.Fun).(*ast.SelectorExpr).Sel.Pos(),
		End: call.Fun.End(),
		Message: fmt.Sprintf("signal.%s listens for %s but not SIGTERM, which Kubernetes, Docker and systemd send to stop a service: on the next deploy %s never runs and in-flight requests are cut off; add syscall.SIGTERM",
			id.Name, strings.Join(names, ", "), stop),
		Related: []analysis.RelatedInformation{related},
	}
	if fix := c.sigtermFix(call); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	c.p.Report(d)
}

// termElsewhere reports whether another signal.Notify on the same channel
// registers SIGTERM, every signal, or a list the rule cannot read.
func (c *checker) termElsewhere(cur inspector.Cursor, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(c.info, call).(*types.Func)
	if idOf(fn).Name != "Notify" {
		return false
	}
	ch := c.signalVar(cur, call)
	if ch == nil {
		return false
	}
	for _, other := range c.notifies {
		oc := other.Node().(*ast.CallExpr)
		if oc == call || c.signalVar(other, oc) != ch {
			continue
		}
		if of, _ := typeutil.Callee(c.info, oc).(*types.Func); idOf(of).Name != "Notify" {
			continue
		}
		if len(oc.Args) < 2 || oc.Ellipsis.IsValid() {
			return true
		}
		for _, a := range oc.Args[1:] {
			if name := signalName(c.info, a); name == "" || name == "SIGTERM" {
				return true
			}
		}
	}
	return false
}

// stopFor returns the server stop the signal registration at cur feeds,
// and where it shows: a Shutdown or Close in the same top-level function
// (the signal wait and the stop are usually in main, or in one goroutine
// of it), or a call there that hands the signal's channel or context to a
// function that stops a server once it is done (a StopsFact, across
// packages too).
func (c *checker) stopFor(cur inspector.Cursor, call *ast.CallExpr) (string, analysis.RelatedInformation, bool) {
	var top inspector.Cursor
	for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		top = enc
	}
	if !top.Valid() {
		return "", analysis.RelatedInformation{}, false
	}
	n := top.Node()
	var stop *site
	for _, s := range c.stops {
		if n.Pos() <= s.sel.Pos() && s.sel.End() <= n.End() && (stop == nil || s.grace && !stop.grace) {
			stop = s
		}
	}
	if stop != nil {
		name := stop.recv + "." + stop.fn.Name
		return name, rule.Related(stop.sel.Sel, "%s is called here", name), true
	}
	// A function of the user's called there that stops a server
	// (adminServer.Shutdown() around as.server.Shutdown(ctx)).
	for cc := range top.Preorder((*ast.CallExpr)(nil)) {
		use := cc.Node().(*ast.CallExpr)
		callee := typeutil.StaticCallee(c.info, use)
		if f := c.wrapsStop(callee); f != nil {
			return fmt.Sprintf("%s (%s, called by %s)", f.Stop.Call, f.Stop.At, goroutine.FuncName(callee)),
				rule.Related(use, "%s stops the server", goroutine.FuncName(callee)), true
		}
	}
	sig := c.signalVar(cur, call)
	if sig == nil {
		return "", analysis.RelatedInformation{}, false
	}
	for cc := range top.Preorder((*ast.CallExpr)(nil)) {
		use := cc.Node().(*ast.CallExpr)
		callee := typeutil.StaticCallee(c.info, use)
		f := c.stopsFact(callee)
		if f == nil {
			continue
		}
		for _, i := range f.Params {
			if i >= len(use.Args) {
				continue
			}
			id := identOf(use.Args[i])
			if id == nil {
				continue
			}
			if c.info.Uses[id] == sig {
				return fmt.Sprintf("%s (%s, called by %s)", f.Stop.Call, f.Stop.At, goroutine.FuncName(callee)),
					rule.Related(use, "%s stops the server once %s is done", goroutine.FuncName(callee), sig.Name()), true
			}
			// svr.Run(ctx) with ctx, cancel := context.WithCancel(...),
			// and cancel() called where the signal is waited for: the
			// signal reaches the stop through the cancel function.
			if ctx, ok := c.info.Uses[id].(*types.Var); ok {
				if cancel := c.cancelOf(top.Node(), ctx); cancel != nil && c.cancelledOnSignal(top, cancel, sig) {
					return fmt.Sprintf("%s (%s, called by %s once %s() cancels %s)", f.Stop.Call, f.Stop.At, goroutine.FuncName(callee), cancel.Name(), ctx.Name()),
						rule.Related(use, "%s stops the server once %s is done", goroutine.FuncName(callee), ctx.Name()), true
				}
			}
		}
	}
	return "", analysis.RelatedInformation{}, false
}

// cancelOf returns the cancel function ctx is made with in fn (ctx,
// cancel := context.WithCancel(...)), or nil.
func (c *checker) cancelOf(fn ast.Node, ctx *types.Var) types.Object {
	var cancel types.Object
	ast.Inspect(fn, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != 2 || len(a.Rhs) != 1 || cancel != nil {
			return cancel == nil
		}
		if id := identOf(a.Lhs[0]); id == nil || c.info.ObjectOf(id) != ctx {
			return true
		}
		call, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return true
		}
		if id := idOf(typeutil.StaticCallee(c.info, call)); id.PkgPath == "context" && id.Recv == "" && (id.Name == "WithCancel" || id.Name == "WithCancelCause") {
			if cid := identOf(a.Lhs[1]); cid != nil {
				cancel = c.info.ObjectOf(cid)
			}
		}
		return true
	})
	return cancel
}

// cancelledOnSignal reports whether cancel is called, under top, in a
// function that also waits for the signal's channel or context.
func (c *checker) cancelledOnSignal(top inspector.Cursor, cancel, sig types.Object) bool {
	for cur := range top.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if id := identOf(call.Fun); id == nil || c.info.Uses[id] != cancel {
			continue
		}
		if fn := astx.EnclosingFunc(cur); fn != nil && c.mentions(fn, sig) {
			return true
		}
	}
	return false
}

// signalVar returns the variable that carries the signal of the
// registration: the channel of signal.Notify(quit, ...), the context of
// ctx, stop := signal.NotifyContext(...).
func (c *checker) signalVar(cur inspector.Cursor, call *ast.CallExpr) types.Object {
	fn, _ := typeutil.Callee(c.info, call).(*types.Func)
	if idOf(fn).Name == "Notify" {
		if id := identOf(call.Args[0]); id != nil {
			return c.info.Uses[id]
		}
		return nil
	}
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == call && len(p.Lhs) > 0 {
			if id := identOf(p.Lhs[0]); id != nil {
				return c.info.ObjectOf(id)
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && ast.Unparen(p.Values[0]) == call && len(p.Names) > 0 {
			return c.info.Defs[p.Names[0]]
		}
	}
	return nil
}

// sigtermFix appends syscall.SIGTERM to the signals.
func (c *checker) sigtermFix(call *ast.CallExpr) *analysis.SuggestedFix {
	name, edits, ok := fixes.Import(c.p.Pass, call.Pos(), "syscall", "syscall")
	if !ok {
		return nil
	}
	last := call.Args[len(call.Args)-1]
	edits = append(edits, analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", " + name + ".SIGTERM")})
	return &analysis.SuggestedFix{Message: "Also listen for SIGTERM", TextEdits: edits}
}

// checkMainWaits reports func main serving on its own goroutine while
// another goroutine calls Shutdown, and returning right after the server
// does: ListenAndServe returns the moment Shutdown starts, so main ends
// the process while Shutdown is still draining (seed article 004 §3.2
// presents this shape as correct).
func (c *checker) checkMainWaits(s *site, grace *site, fn ast.Node) {
	decl, ok := fn.(*ast.FuncDecl)
	if !ok || decl.Recv != nil || decl.Name.Name != "main" || c.p.Pkg.Name() != "main" {
		return
	}
	// Shutdown on another goroutine started by main.
	gfn, ok := astx.EnclosingFunc(grace.cur).(*ast.FuncLit)
	if !ok || gfn.Pos() < decl.Pos() || gfn.End() > decl.End() {
		return
	}
	for i, stmt := range decl.Body.List {
		if stmt.Pos() > s.call.Pos() || s.call.End() > stmt.End() {
			continue
		}
		for _, after := range decl.Body.List[i+1:] {
			if c.waits(after) {
				return
			}
		}
		c.p.Report(analysis.Diagnostic{
			Pos: s.sel.Sel.Pos(),
			End: s.sel.Sel.End(),
			Message: fmt.Sprintf("main returns as soon as %s.%s does, which is the moment %s.%s starts: the process exits without waiting for in-flight requests, so on the next deploy they are cut off; wait for %s.%s to return before main does",
				s.recv, s.fn.Name, grace.recv, grace.fn.Name, grace.recv, grace.fn.Name),
			Related: []analysis.RelatedInformation{{Pos: grace.sel.Sel.Pos(), End: grace.sel.Sel.End(), Message: fmt.Sprintf("%s.%s is called here, on another goroutine", grace.recv, grace.fn.Name)}},
		})
		return
	}
}

// waits reports whether stmt may block: a receive, a select, a range, a
// Wait or Sleep call, a Shutdown of its own.
func (c *checker) waits(stmt ast.Stmt) bool {
	found := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.SelectStmt, *ast.RangeStmt:
			found = true
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(c.info, n).(*types.Func); ok {
				switch fn.Name() {
				case "Wait", "Sleep":
					found = true
				}
				// A server's own stop waits; a database's Close in the
				// cleanup that follows (fiber's recipe) does not.
				if isStop(fn) {
					found = true
				}
				// The project's own code may wait for anything.
				if fn.Pkg() != nil && !stdlib.Is(c.p.Pass, fn.Pkg().Path()) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// checkDeferredStop reports `defer srv.Shutdown(ctx)` in func main before
// main blocks serving srv, in a package that handles no signal: SIGTERM's
// default action ends the process at once, without running deferred
// calls, and nothing else can make the serve return.
func (c *checker) checkDeferredStop(s *site) {
	if s.call == nil || s.key == nil || c.p.Pkg.Name() != "main" || len(c.notifies) > 0 {
		return
	}
	def, ok := s.cur.Parent().Parent().Node().(*ast.DeferStmt)
	if !ok || def.Call != s.call {
		return
	}
	decl, ok := astx.EnclosingFunc(s.cur).(*ast.FuncDecl)
	if !ok || decl.Recv != nil || decl.Name.Name != "main" {
		return
	}
	if c.escapes(s.key) {
		return // whoever gets the server may stop it on a signal
	}
	// main must block in the serve itself, after the defer: then it
	// returns only when the serve does.
	var serve *site
	for _, sv := range c.serves {
		if sv.key == s.key && sv.call != nil && sv.sel.Pos() > def.End() && astx.EnclosingFunc(sv.cur) == decl && !c.onGoroutine(sv.cur) {
			serve = sv
			break
		}
	}
	if serve == nil {
		return
	}
	c.p.Report(analysis.Diagnostic{
		Pos: def.Defer, End: def.Defer + token.Pos(len("defer")),
		Message: fmt.Sprintf("deferred %s.%s never runs on a deploy: nothing in the program handles SIGTERM, whose default action ends the process at once without running deferred calls, and main returns only when %s.%s does — in-flight requests are cut off; serve on a goroutine, wait until the context of signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM) is done, then call %s.%s",
			s.recv, s.fn.Name, serve.recv, serve.fn.Name, s.recv, s.fn.Name),
		Related: []analysis.RelatedInformation{rule.Related(serve.sel.Sel, "main blocks here until %s.%s returns", serve.recv, serve.fn.Name)},
	})
}
