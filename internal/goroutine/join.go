package goroutine

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/loops"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// Joined reports whether the function that launches l waits for the
// goroutine before it returns, on every path that returns normally:
//
//   - g.Wait() after g.Go(f) / g.TryGo(f) (errgroup, sync.WaitGroup.Go);
//   - wg.Wait() on a WaitGroup the goroutine calls Done on (or is given);
//   - a receive from, or range over, a channel the goroutine sends on or
//     closes (or is given);
//   - any of these deferred before the launch, or after it on every
//     path that returns — directly or in a deferred function literal
//     that waits in its own body (defer func() { cancel(); wg.Wait() }()):
//     a deferred function runs before the launching function returns;
//   - a launcher call that itself waits (Launcher.Sync: pond's
//     SubmitAndWait, a user's helper whose LauncherFact says joined).
//
// Paths that end in panic, os.Exit, log.Fatal or a logger's Fatal
// (loops.NoReturn) do not count: the
// goroutine outliving a crash is not the question; nor do paths on which
// a test has failed (t.Error; return). A launch at package level is never
// joined.
func (m *Model) Joined(l *Launch) bool {
	if j, ok := m.joined[l]; ok {
		return j
	}
	always, through := m.Waits(l)
	j := always || (len(through) > 0 && m.ReturnAvoiding(l.Encl, l.Node, through) == nil)
	if m.joined == nil {
		m.joined = map[*Launch]bool{}
	}
	m.joined[l] = j
	return j
}

// Waits returns the places where the function that launches l waits for
// the goroutine's end (Joined's list), as ReturnAvoiding takes them; always
// is true when it waits on every path whatever follows (a launcher that
// waits, a join deferred before the launch). A rule that knows other
// places making the goroutine harmless adds them to through.
func (m *Model) Waits(l *Launch) (always bool, through []ast.Node) {
	w, ok := m.waits[l]
	if !ok {
		w.always, w.through = m.waits1(l)
		if m.waits == nil {
			m.waits = map[*Launch]waits{}
		}
		m.waits[l] = w
	}
	return w.always, slices.Clip(w.through) // the caller's appends copy it
}

// waits is what Waits returns for a launch.
type waits struct {
	always  bool
	through []ast.Node
}

func (m *Model) waits1(l *Launch) (always bool, through []ast.Node) {
	if l.Launcher != nil && l.Launcher.Sync {
		return true, nil // the call itself waits: pond's SubmitAndWait, a helper that waits
	}
	body := FuncBody(l.Encl)
	if body == nil {
		return false, nil
	}
	keys := m.joinKeys(l)
	if len(keys) == 0 {
		return false, nil
	}
	info := m.pass.TypesInfo
	// Collect the join points in the launching function itself, not in
	// nested literals: a Wait inside another goroutine joins nothing here.
	var joins []ast.Node
	deferredBefore := false
	m.InspectNoLits(body, []ast.Node{(*ast.GoStmt)(nil), (*ast.DeferStmt)(nil), (*ast.CallExpr)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false // go g.Wait() waits on another goroutine
		case *ast.DeferStmt:
			switch {
			case isJoin(info, n.Call, keys) && n.Pos() < l.Node.Pos():
				deferredBefore = true
			case m.deferredJoin(n, keys):
				// A function deferred to wait (defer func() { cancel();
				// wg.Wait() }()) waits as defer wg.Wait() does: before
				// the launch, on every path; after it, on the paths
				// that register it.
				if n.Pos() < l.Node.Pos() {
					deferredBefore = true
				} else {
					joins = append(joins, n)
				}
			}
		case *ast.CallExpr:
			if isJoin(info, n, keys) {
				joins = append(joins, n)
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && keys[ExprKey(info, n.X)] == joinRecv {
				joins = append(joins, n)
			}
		case *ast.RangeStmt:
			if keys[ExprKey(info, n.X)] == joinRecv {
				if _, ok := typesx.Underlying(info, n.X).(*types.Chan); ok {
					joins = append(joins, n.X)
				}
			}
		}
		return true
	})
	if deferredBefore {
		return true, nil
	}
	// A receive waits for the goroutine's end only when the goroutine does
	// nothing after the send or close it waits for (a handshake goroutine
	// goes on: Before answers for what it did until then).
	ends := map[string]bool{}
	finished := func(x ast.Expr, kind signalKind) bool {
		key := ExprKey(info, x)
		k := fmt.Sprint(key, kind)
		if done, ok := ends[k]; ok {
			return done
		}
		ends[k] = m.endsAtSignal(l, key, kind)
		return ends[k]
	}
	kept := joins[:0]
	for _, j := range joins {
		switch j := j.(type) {
		case *ast.UnaryExpr:
			if !finished(j.X, sendOrClose) || m.oneOfMany(l, j.X) {
				continue
			}
		case ast.Expr: // a range's operand
			kind := closeOnly
			if rs := rangeOf(body, j); rs == nil || leaves(rs.Body) {
				kind = sendOrClose
			}
			if _, isCall := j.(*ast.CallExpr); !isCall && !finished(j, kind) {
				continue
			}
		}
		kept = append(kept, j)
	}
	joins = kept

	// go/cfg evaluates the comm of every select case before branching, so
	// a receive in `case v := <-ch:` would look as if it were on every
	// path; it joins only on its own case's path.
	for _, j := range joins {
		if cc := commClauseOf(body, j); cc != nil {
			through = append(through, cc)
		} else {
			through = append(through, j)
		}
	}
	return false, through
}

// oneOfMany reports whether l is launched in a loop that does not make
// the channel x anew each time: one receive from it waits for one of the
// loop's goroutines, not for l's.
func (m *Model) oneOfMany(l *Launch, x ast.Expr) bool {
	loop := loops.Enclosing(m.pass.TypesInfo, l.Cursor)
	if loop == nil {
		return false
	}
	v, ok := m.pass.TypesInfo.Uses[identOf(x)].(*types.Var)
	return !ok || !(loop.Stmt.Pos() <= v.Pos() && v.Pos() < loop.Stmt.End())
}

// rangeOf returns the range statement whose operand is x, or nil.
func rangeOf(body *ast.BlockStmt, x ast.Expr) *ast.RangeStmt {
	var out *ast.RangeStmt
	astx.InspectNoLits(nil, body, nil, func(n ast.Node) bool {
		if rs, ok := n.(*ast.RangeStmt); ok && rs.X == x {
			out = rs
		}
		return out == nil
	})
	return out
}

// commClauseOf returns the select case whose comm holds n, or nil.
func commClauseOf(body *ast.BlockStmt, n ast.Node) *ast.CommClause {
	var out *ast.CommClause
	astx.InspectNoLits(nil, body, nil, func(x ast.Node) bool {
		if out != nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		if cc, ok := x.(*ast.CommClause); ok && cc.Comm != nil && cc.Comm.Pos() <= n.Pos() && n.End() <= cc.Comm.End() {
			out = cc
			return false
		}
		return true
	})
	return out
}

// joinKind says how a key joins: by a Wait method, or by a receive.
type joinKind int

const (
	joinWait joinKind = iota + 1
	joinRecv
)

// joinKeys returns the expressions (by key) whose Wait or receive would
// wait for l's goroutine.
func (m *Model) joinKeys(l *Launch) map[string]joinKind {
	info := m.pass.TypesInfo
	keys := map[string]joinKind{}
	add := func(e ast.Expr, k joinKind) {
		if key := ExprKey(info, e); key != "" {
			keys[key] = k
		}
	}
	if l.Launcher != nil && l.Launcher.Wait != "" && l.Recv != nil {
		add(l.Recv, joinWait)
	}
	// Values handed to the goroutine: a *sync.WaitGroup or a channel.
	for _, e := range l.EvaluatedAtLaunch() {
		switch t := info.TypeOf(e); {
		case t == nil:
		case isWaitGroup(t):
			add(e, joinWait)
		default:
			if _, ok := t.Underlying().(*types.Chan); ok {
				add(e, joinRecv)
			}
		}
	}
	// What the literal does with captured WaitGroups and channels.
	if body := l.Body(); body != nil {
		m.Inspect(body, []ast.Node{(*ast.CallExpr)(nil), (*ast.SendStmt)(nil)}, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && astx.IsMethod(fn, "sync", "WaitGroup", "Done") {
					if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
						add(sel.X, joinWait)
					}
				}
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
					if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
						add(n.Args[0], joinRecv)
					}
				}
			case *ast.SendStmt:
				add(n.Chan, joinRecv)
			}
			return true
		})
	}
	return keys
}

// CountedIn reports whether wait, a group's wait (WaitsForAll), waits for
// l's goroutine: the group is one l's launcher or the goroutine signals
// (wg.Done, g.Go), or one its body hands on (process(&wg)); or it counts
// the goroutine that started l and waits for it before it ends (a
// per-server goroutine counted in wg that waits for its own four on
// serverWg).
func (m *Model) CountedIn(l *Launch, wait *ast.CallExpr) bool {
	for range 4 {
		if m.countedIn(l, wait) {
			return true
		}
		lit, ok := l.Encl.(*ast.FuncLit)
		if !ok || !m.Joined(l) || m.LaunchOf(lit) == nil {
			return false
		}
		l = m.LaunchOf(lit)
	}
	return false
}

func (m *Model) countedIn(l *Launch, wait *ast.CallExpr) bool {
	sel, ok := ast.Unparen(wait.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	info := m.pass.TypesInfo
	key := ExprKey(info, sel.X)
	if key == "" {
		return false
	}
	if m.joinKeys(l)[key] == joinWait {
		return true
	}
	mentioned := false
	if body := l.Body(); body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok && !mentioned && ExprKey(info, e) == key {
				mentioned = true
			}
			return !mentioned
		})
	}
	return mentioned
}

// WaitsForAll reports whether call waits for every goroutine its receiver
// counts: sync.WaitGroup's Wait, or the method a launcher of the table
// (or -launchers) names for its type (errgroup's Wait, pond's
// StopAndWait). By identity: another type's Wait method waits for
// whatever it likes.
func (m *Model) WaitsForAll(call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(m.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return false
	}
	if astx.IsMethod(fn, "sync", "WaitGroup", "Wait") {
		return true
	}
	for _, l := range m.allLaunchers() {
		if l.Wait != "" && l.Recv != "" && astx.IsMethod(fn, l.PkgPath, l.Recv, l.Wait) {
			return true
		}
	}
	return false
}

// deferredJoin reports whether d defers a function literal that waits
// on one of keys in its own body (not on another goroutine it starts).
func (m *Model) deferredJoin(d *ast.DeferStmt, keys map[string]joinKind) bool {
	lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok {
		return false
	}
	found := false
	m.InspectNoLits(lit.Body, []ast.Node{(*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			found = found || isJoin(m.pass.TypesInfo, n, keys)
		}
		return !found
	})
	return found
}

func isJoin(info *types.Info, call *ast.CallExpr, keys map[string]joinKind) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Wait" {
		return false
	}
	return keys[ExprKey(info, sel.X)] == joinWait
}

func isWaitGroup(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == "WaitGroup"
}

// ExprKey names the variable or field path e denotes ("wg", "s.wg",
// "&wg" is "wg"), by object identity, or "" if e is something else.
func ExprKey(info *types.Info, e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.ObjectOf(e); obj != nil {
			return fmt.Sprintf("%p", obj)
		}
	case *ast.SelectorExpr:
		if x := ExprKey(info, e.X); x != "" {
			return x + "." + e.Sel.Name
		}
		if obj := info.Uses[e.Sel]; obj != nil { // pkg.Var
			return fmt.Sprintf("%p", obj)
		}
	case *ast.StarExpr:
		return ExprKey(info, e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return ExprKey(info, e.X)
		}
	}
	return ""
}

// FuncBody returns the body of a function declaration or literal, or nil.
func FuncBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// funcCFG is a function's control-flow graph, built on demand.
type funcCFG struct {
	g         *cfg.CFG
	mayReturn func(*ast.CallExpr) bool
	// blocking holds the last case of each select without a default:
	// go/cfg models a select as an if/else chain whose final "no case
	// taken" edge cannot happen when the select blocks until one is ready.
	blocking map[ast.Stmt]bool
}

func (m *Model) cfgOf(fn ast.Node) *funcCFG {
	if c, ok := m.cfgCache[fn]; ok {
		return c
	}
	body := FuncBody(fn)
	c := &funcCFG{g: cfg.New(body, m.mayReturn), mayReturn: m.mayReturn, blocking: map[ast.Stmt]bool{}}
	m.InspectNoLits(body, []ast.Node{(*ast.SelectStmt)(nil)}, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectStmt); ok && len(sel.Body.List) > 0 {
			hasDefault := false
			for _, cc := range sel.Body.List {
				if cc.(*ast.CommClause).Comm == nil {
					hasDefault = true
				}
			}
			if !hasDefault {
				c.blocking[sel.Body.List[len(sel.Body.List)-1].(*ast.CommClause)] = true
			}
		}
		return true
	})
	m.cfgCache[fn] = c
	return c
}

// mayReturn reports whether a call can return; calls that cannot (panic,
// os.Exit, log.Fatal, a logger's Fatal, t.Fatal: loops.NoReturn) end a path that is not a normal
// return. So does a call that fails the test (t.Error, t.Errorf, t.Fail):
// what a path does after the run has failed is not the question — a
// goroutine outliving a failed test leaks into nothing that passes.
func (m *Model) mayReturn(call *ast.CallExpr) bool {
	return !loops.NoReturn(m.pass.TypesInfo, call) && !failsTest(m.pass.TypesInfo, call)
}

// failsTest reports whether call marks the test failed and goes on: the
// Error, Errorf and Fail methods of package testing's T, B, F and TB.
func failsTest(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "testing" || fn.Signature().Recv() == nil {
		return false
	}
	switch fn.Name() {
	case "Error", "Errorf", "Fail":
		return true
	}
	return false
}

// returns reports whether a block without successors ends in a normal
// return (an explicit return, or falling off the end of the body) rather
// than in a call that cannot return, which go/cfg ends a block with.
func (c *funcCFG) returns(b *cfg.Block) bool {
	if b.Return() != nil || len(b.Nodes) == 0 {
		return true
	}
	if es, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt); ok {
		if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
			return c.mayReturn(call)
		}
	}
	return true
}
