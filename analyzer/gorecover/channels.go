package gorecover

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// Two partial operations are not about data, and are kept as they were:
// a send on a channel the package closes elsewhere (a send on a closed
// channel panics), unless that close waits for the senders (wg.Wait();
// close(ch), or after a loop receiving from ch: the fan-in idiom) or is
// deferred by the only caller of the function that sends, or comes after
// the sending call on the same goroutine; and a write on a
// gorilla/websocket connection that is also written somewhere else,
// unless the other write happens before the goroutine starts or under the
// same mutex.

// indexChannels records where the package closes each channel and writes
// to each websocket connection (by variable or field: objKey).
func (d *data) indexChannels() {
	info := d.pass.TypesInfo
	for cur := range d.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		switch fn := typeutil.Callee(info, call).(type) {
		case *types.Builtin:
			if fn.Name() == "close" && len(call.Args) == 1 {
				if k := objKey(info, call.Args[0]); k != nil {
					waits, received := d.waitsBefore(cur, k)
					if received {
						continue
					}
					d.closes[k] = append(d.closes[k], closeAt{call.Pos(), waits, d.freshBase(call.Args[0])})
					if fd := deferredIn(cur); fd != nil {
						d.deferredCloses[call.Pos()] = fd
					}
				}
			}
		case *types.Func:
			if apis.ConcurrentUnsafe(fn) {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					if k := objKey(info, sel.X); k != nil {
						d.wsWrites[k] = append(d.wsWrites[k], call.Pos())
					}
				}
			}
		}
	}
}

// closedSend returns the site of a send on a channel the package closes
// elsewhere, outside encl.
func (d *data) closedSend(n *ast.SendStmt, encl ast.Node) (found, bool) {
	k := objKey(d.pass.TypesInfo, n.Chan)
	if k == nil {
		return found{}, false
	}
	for _, c := range d.closes[k] {
		pos := c.pos
		if (pos < encl.Pos() || pos >= encl.End()) && !d.closedByOnlyCaller(encl, pos) && !d.waitsForSender(c, encl) &&
			!d.otherValue(c, n.Chan) && !d.returnsBefore(c, encl, k) {
			return found{
				site:     Site{Op: OpClosedSend, At: goroutine.PosOf(d.pass.Fset, n.Arrow), Other: goroutine.PosOf(d.pass.Fset, pos)},
				pos:      n.Arrow,
				label:    flow.Ext,
				closedAt: pos,
			}, true
		}
	}
	return found{}, false
}

// concurrentWrite returns the site of a websocket write that can run
// concurrently with another write of the same connection.
func (d *data) concurrentWrite(call *ast.CallExpr, unit ast.Node, c inspector.Cursor) (found, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return found{}, false
	}
	k := objKey(d.pass.TypesInfo, sel.X)
	if k == nil {
		return found{}, false
	}
	encl := astx.EnclosingFunc(c)
	for _, other := range d.wsWrites[k] {
		if (other < encl.Pos() || other >= encl.End()) && !d.sequencedBefore(other, encl) && !d.sameLock(call.Pos(), other) {
			return found{
				site:  Site{Op: OpWebsocket, At: goroutine.PosOf(d.pass.Fset, sel.Sel.Pos()), Other: goroutine.PosOf(d.pass.Fset, other)},
				pos:   sel.Sel.Pos(),
				label: flow.Ext,
			}, true
		}
	}
	return found{}, false
}

// allCalls returns every call of fn if the package sees them all: each
// mention of fn is a call, there is one at least, and fn is neither
// exported from an open package nor a method (a call through an
// interface would not be seen).
func (d *data) allCalls(fn *types.Func) ([]*ast.CallExpr, bool) {
	fn = fn.Origin()
	if d.calls == nil {
		// Once, and only for a package that closes a channel a sender
		// of another function uses.
		d.calls, d.uses = map[*types.Func][]*ast.CallExpr{}, map[*types.Func]int{}
		info := d.pass.TypesInfo
		for cur := range d.insp.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			if f, ok := typeutil.Callee(info, call).(*types.Func); ok {
				d.calls[f.Origin()] = append(d.calls[f.Origin()], call)
			}
		}
		for id, obj := range info.Uses {
			if f, ok := obj.(*types.Func); ok && !astx.InTestFile(d.pass.Fset, id.Pos()) {
				d.uses[f.Origin()]++
			}
		}
	}
	calls := d.calls[fn]
	if len(calls) == 0 || d.uses[fn] != len(calls) || fn.Signature().Recv() != nil || fn.Exported() && !d.closedPkg() {
		return nil, false
	}
	return calls, true
}

// declAround returns the function declaration n is in, or nil.
func (d *data) declAround(n ast.Node) *ast.FuncDecl {
	for _, fd := range d.m.FuncDecls() {
		if fd.Decl.Body != nil && fd.Decl.Body.Pos() <= n.Pos() && n.End() <= fd.Decl.Body.End() {
			return fd.Decl
		}
	}
	return nil
}

// A closeAt is a close of a channel, and the waits for groups of
// goroutines that come before it in its block (wg.Wait(); close(ch)).
type closeAt struct {
	pos   token.Pos
	waits []*ast.CallExpr
	base  *types.Var // for a field's channel (v.ch), v if freshBase
}

// freshBase returns v for a channel v.f of a local variable v that a
// composite literal made (v := &T{ch: make(chan X)}): a value of its
// function's own, or nil.
func (d *data) freshBase(ch ast.Expr) *types.Var {
	sel, ok := ast.Unparen(ch).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := d.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == d.pass.Pkg.Scope() || d.index.OnceLiteral(v) == nil {
		return nil
	}
	return v
}

// otherValue reports whether close c and a send on ch are on the fields
// of two values that two composite literals made: two channels, though
// one field.
func (d *data) otherValue(c closeAt, ch ast.Expr) bool {
	b := d.freshBase(ch)
	return c.base != nil && b != nil && b != c.base
}

// returnsBefore reports whether close c is on a path that leaves the
// function before the goroutine whose function encl sends on ch starts:
// ch is a variable of the function that launches it, and c is in a block
// of that function that ends in a return, before the launch (if empty {
// defer close(ch); return ch }; go func() { ch <- v }()). Each call of
// the function has its own ch, and takes one path or the other.
func (d *data) returnsBefore(c closeAt, encl ast.Node, ch types.Object) bool {
	lit, ok := encl.(*ast.FuncLit)
	l := d.m.LaunchOf(lit)
	v, isVar := ch.(*types.Var)
	if !ok || l == nil || !isVar || v.IsField() {
		return false
	}
	body := goroutine.FuncBody(l.Encl)
	if body == nil || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	cur, ok := d.insp.Root().FindByPos(c.pos, c.pos)
	if !ok {
		return false
	}
	for p := cur.Parent(); p.Node() != nil && p.Node() != body; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false // a close in another function
		case *ast.BlockStmt:
			if n.End() <= l.Pos() && len(n.List) > 0 {
				if _, ok := n.List[len(n.List)-1].(*ast.ReturnStmt); ok {
					return true
				}
			}
		}
	}
	return false
}

// waitsBefore returns what comes before the close of ch at cur in its
// block: the waits for groups (WaitsForAll), and whether a loop receives
// from ch (every sender has been heard from: the fan-in idiom).
func (d *data) waitsBefore(cur inspector.Cursor, ch types.Object) (waits []*ast.CallExpr, received bool) {
	info := d.pass.TypesInfo
	stmt := cur.Parent()
	block, ok := stmt.Parent().Node().(*ast.BlockStmt)
	if !ok {
		return nil, false
	}
	for _, st := range block.List {
		if st == stmt.Node() {
			break
		}
		d.m.InspectNoLits(st, nil, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if d.m.WaitsForAll(n) {
					waits = append(waits, n)
				}
			case *ast.ForStmt, *ast.RangeStmt:
				ast.Inspect(n, func(m ast.Node) bool {
					switch m := m.(type) {
					case *ast.UnaryExpr:
						received = received || m.Op == token.ARROW && objKey(info, m.X) == ch
					case *ast.RangeStmt:
						received = received || objKey(info, m.X) == ch
					}
					return !received
				})
			}
			return !received
		})
		if received {
			return nil, true
		}
	}
	return waits, false
}

// waitsForSender reports whether close c waits for the goroutine whose
// function encl sends on the channel: it comes after the wait of a group
// that counts the goroutine. A send in a function declaration (whose
// goroutine is not known here) is taken to be counted.
func (d *data) waitsForSender(c closeAt, encl ast.Node) bool {
	if len(c.waits) == 0 {
		return false
	}
	lit, ok := encl.(*ast.FuncLit)
	l := d.m.LaunchOf(lit)
	if !ok || l == nil {
		return true
	}
	for _, w := range c.waits {
		if d.m.CountedIn(l, w) {
			return true
		}
	}
	return false
}

// deferredIn returns the function declaration whose deferred call (defer
// close(ch), defer func() { close(ch) }()) the close at cur is, or nil.
func deferredIn(cur inspector.Cursor) *ast.FuncDecl {
	var deferred bool
	for c := cur.Parent(); c.Node() != nil; c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.DeferStmt:
			deferred = true
		case *ast.FuncLit:
			if _, isCall := c.Parent().Node().(*ast.CallExpr); !isCall {
				return nil // a literal not called on the spot
			}
		case *ast.FuncDecl:
			if deferred {
				return n
			}
			return nil
		}
	}
	return nil
}

// closedAfter reports whether the close at closedAt, which a send of the
// callee of call races with, comes after call in encl, on the same
// goroutine and not in a loop: after it in the same block, or in a
// function encl defers: the send has happened by then (a parser's
// defer func() { p.sendCommandRecord(); close(p.cmdRecordChan) }(), and
// the loop after it whose calls send on the channel that defer closes).
func (d *data) closedAfter(encl ast.Node, call *ast.CallExpr, closedAt token.Pos) bool {
	if !closedAt.IsValid() || encl == nil || closedAt < encl.Pos() || closedAt >= encl.End() {
		return false
	}
	// A close in a literal encl defers (not in a loop) runs after the
	// rest of encl; elsewhere, after call if it comes after it.
	deferred := false
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == encl || !d.launched[n]
		case *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok && lit.Pos() <= closedAt && closedAt < lit.End() && !(lit.Pos() <= call.Pos() && call.End() <= lit.End()) {
				deferred = true
			}
		}
		return !deferred
	})
	if !deferred && closedAt < call.End() {
		return false
	}
	ok := true
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if d.launched[n] && n.Pos() <= closedAt && closedAt < n.End() && !(n.Pos() <= call.Pos() && call.End() <= n.End()) {
				ok = false // closed on another goroutine
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= closedAt && closedAt < n.End() {
				ok = false // closed in a loop: maybe before the next send
			}
		}
		return ok
	})
	return ok
}

// closedByOnlyCaller reports whether the close at pos is deferred by a
// function that is the only caller of encl, a function declaration, and
// calls it on its own goroutine: the sends in encl all happen before the
// close (func (c *Client) Read() { defer close(c.Msg); for { ...;
// process(c, msg) } }, where process sends on c.Msg), or encl is a
// closure of that function not run on a goroutine of its own. Callers of
// an exported encl in other packages are not seen.
func (d *data) closedByOnlyCaller(encl ast.Node, pos token.Pos) bool {
	closer := d.deferredCloses[pos]
	if closer == nil {
		return false
	}
	if lit, ok := encl.(*ast.FuncLit); ok && !d.launched[lit] {
		// A closure of the closer that runs on its goroutine (finish :=
		// func() { ch <- done }): its sends come before the deferred close.
		return d.declAround(lit) == closer
	}
	decl, ok := encl.(*ast.FuncDecl)
	if !ok {
		return false
	}
	fn, ok := d.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return false
	}
	calls, ok := d.allCalls(fn)
	if !ok {
		return false
	}
	for _, call := range calls {
		if call.Pos() < closer.Pos() || call.End() > closer.End() || d.goCalls[call] {
			return false
		}
	}
	return true
}

// sequencedBefore reports whether pos, in the function declaration that
// starts the goroutine literal lit, comes before the literal outside any
// loop around both: it happens before the goroutine starts, so it cannot
// run concurrently with it (a reply written, then a goroutine streaming
// on the same connection in the other branch).
func (d *data) sequencedBefore(pos token.Pos, lit ast.Node) bool {
	if _, ok := lit.(*ast.FuncLit); !ok || pos >= lit.Pos() {
		return false
	}
	if fd := d.declAround(lit); fd != nil && fd.Body.Pos() <= pos {
		inLoop := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				if n.Pos() <= pos && lit.End() <= n.End() {
					inLoop = true
				}
			}
			return !inLoop && n != nil && n.Pos() <= pos && lit.End() <= n.End()
		})
		return !inLoop
	}
	return false
}

// sameLock reports whether the function around each of the positions a
// and b holds the same sync.Mutex or RWMutex there: two websocket writes
// under one lock do not run concurrently. A mutex that is a field is
// known by its field, as a connection that is one is (objKey): w.mu in
// one method and writer.mu in another guard the same field's writes.
func (d *data) sameLock(a, b token.Pos) bool {
	la, lb := d.lockHeld(a), d.lockHeld(b)
	return la != "" && la == lb
}

// lockHeld returns the key (goroutine.ExprKey) of a mutex held at pos: a
// statement before pos in a block around it, within its function, locks
// it (mu.Lock(); if !mu.TryLock() { return }) and none before pos unlocks
// it; or pos is in the body of if mu.TryLock() { ... }. "" if none.
func (d *data) lockHeld(pos token.Pos) string {
	cur, ok := d.insp.Root().FindByPos(pos, pos)
	if !ok {
		return ""
	}
	// The statement lists around pos, innermost first, each with the
	// statement that holds pos.
	type level struct {
		list []ast.Stmt
		at   ast.Node
	}
	var levels []level
	held := ""
	child := cur.Node()
walk:
	for c := cur.Parent(); c.Node() != nil; child, c = c.Node(), c.Parent() {
		switch n := c.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			break walk
		case *ast.BlockStmt:
			levels = append(levels, level{n.List, child})
		case *ast.CaseClause:
			levels = append(levels, level{n.Body, child})
		case *ast.CommClause:
			levels = append(levels, level{n.Body, child})
		case *ast.IfStmt:
			if child == n.Body && held == "" {
				if k, ok := d.mutexCall(n.Cond, "TryLock"); ok {
					held = k
				}
			}
		}
	}
	for i := len(levels) - 1; i >= 0; i-- {
		for _, st := range levels[i].list {
			if st == levels[i].at {
				break
			}
			switch st := st.(type) {
			case *ast.ExprStmt:
				if k, ok := d.mutexCall(st.X, "Lock"); ok {
					held = k
				} else if k, ok := d.mutexCall(st.X, "Unlock"); ok && k == held {
					held = ""
				}
			case *ast.IfStmt:
				// if !mu.TryLock() { return }: held after it.
				if u, ok := ast.Unparen(st.Cond).(*ast.UnaryExpr); ok && u.Op == token.NOT && len(st.Body.List) > 0 {
					if _, ret := st.Body.List[len(st.Body.List)-1].(*ast.ReturnStmt); ret {
						if k, ok := d.mutexCall(u.X, "TryLock"); ok {
							held = k
						}
					}
				}
			}
		}
	}
	return held
}

// mutexCall returns the key of m if e is a call m.name() of a sync mutex
// method.
func (d *data) mutexCall(e ast.Expr, name string) (string, bool) {
	mu, method, ok := astx.MutexCall(d.pass.TypesInfo, e)
	if !ok || method != name {
		return "", false
	}
	if f := objKey(d.pass.TypesInfo, mu); f != nil {
		if v, ok := f.(*types.Var); ok && v.IsField() {
			return fmt.Sprintf("field %p", v), true
		}
	}
	return goroutine.ExprKey(d.pass.TypesInfo, mu), true
}

// objKey returns the variable, or the struct field, e denotes: the
// identity of a channel or connection across the functions of a package.
func objKey(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok {
			return v
		}
	}
	return nil
}
