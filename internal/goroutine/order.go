package goroutine

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/loops"
)

// Happens-before through a channel (the Go memory model: a send, or a
// close, happens before the receive it completes). A function that,
// on every path from a launch to its return, receives from a channel
// only that goroutine sends on or closes cannot return before the
// goroutine's first send or close on it: what the goroutine does before
// that signal is done while the function still waits (the
// connect-then-signal handshake), what it does after is not ordered
// with the return at all.

// signalKind says which operations of the goroutine can complete the
// launcher's wait: a receive completes on a send or a close, a range
// ends only on a close.
type signalKind int

const (
	sendOrClose signalKind = iota + 1
	closeOnly
)

// signals returns the places in lit's body (not in nested literals)
// where the goroutine sends on, or closes, the channel v (by key), as
// kind allows, and whether each is deferred. ok is false when v is used
// in lit other than as a send's channel or close's argument — handed on,
// copied, sent on from a nested literal — so that the signals found are
// not all there is.
func (m *Model) signals(lit *ast.FuncLit, key string, kind signalKind) (sig []ast.Node, deferred []bool, ok bool) {
	info := m.pass.TypesInfo
	ok = true
	counted := map[ast.Expr]bool{}
	// The sends and closes in the literal's own body.
	m.InspectNoLits(lit.Body, []ast.Node{(*ast.DeferStmt)(nil), (*ast.SendStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			if isClose(info, n.Call) && ExprKey(info, n.Call.Args[0]) == key {
				sig = append(sig, n)
				deferred = append(deferred, true)
				counted[n.Call.Args[0]] = true
			}
		case *ast.SendStmt:
			if ExprKey(info, n.Chan) == key {
				counted[n.Chan] = true
				if kind == sendOrClose {
					sig = append(sig, n)
					deferred = append(deferred, false)
				}
			}
		case *ast.CallExpr:
			if isClose(info, n) && ExprKey(info, n.Args[0]) == key && !counted[n.Args[0]] {
				sig = append(sig, n)
				deferred = append(deferred, false)
				counted[n.Args[0]] = true
			}
		}
		return true
	})
	// Every other mention of v, here or in a nested literal, is a signal
	// we cannot place.
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		e, isExpr := n.(ast.Expr)
		if !isExpr {
			return true
		}
		if counted[e] {
			return false
		}
		if ExprKey(info, e) == key {
			ok = false
			return false
		}
		return true
	})
	return sig, deferred, ok
}

// mentions reports whether lit's body mentions the variable or field
// path key.
func (m *Model) mentions(lit *ast.FuncLit, key string) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok && !found && ExprKey(m.pass.TypesInfo, e) == key {
			found = true
		}
		return !found
	})
	return found
}

func isClose(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "close"
}

// afterSignal returns a function reporting whether the node at pos, in
// lit's body, can run after one of the signals (not deferred): it is
// reachable from one in lit's control-flow graph. The value a send
// sends is evaluated before the send; a send in a select case signals
// when its case is taken. Positions in no block of the graph (dead code
// aside, a nested literal's) can run after.
func (m *Model) afterSignal(lit *ast.FuncLit, sig []ast.Node) (after func(pos token.Pos) bool, loops bool) {
	c := m.cfgOf(lit)
	contains := func(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }
	// reached[b] is the index of the first node of b that can run after a
	// signal; len(b.Nodes) when none (only a successor can).
	reached := map[*cfg.Block]int{}
	var queue []*cfg.Block
	mark := func(b *cfg.Block, from int) {
		if old, ok := reached[b]; ok && old <= from {
			return
		}
		reached[b] = from
		queue = append(queue, b)
	}
	for _, s := range sig {
		if cc := commClauseOf(lit.Body, s); cc != nil {
			for _, b := range c.g.Blocks {
				if b.Live && b.Kind == cfg.KindSelectCaseBody && b.Stmt == cc {
					mark(b, 0)
				}
			}
			continue
		}
		for _, b := range c.g.Blocks {
			if !b.Live {
				continue
			}
			for i, n := range b.Nodes {
				if contains(n, s.Pos()) {
					mark(b, i+1)
				}
			}
		}
	}
	full := map[*cfg.Block]bool{}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		for _, s := range b.Succs {
			if !full[s] {
				full[s] = true
				mark(s, 0)
			}
		}
	}
	for b := range reached {
		switch b.Kind {
		case cfg.KindForBody, cfg.KindForLoop, cfg.KindRangeBody, cfg.KindRangeLoop:
			loops = true
		}
	}
	return func(pos token.Pos) bool {
		for _, b := range c.g.Blocks {
			if !b.Live {
				continue
			}
			for i, n := range b.Nodes {
				if contains(n, pos) {
					if from, ok := reached[b]; ok && i >= from {
						return true
					}
					return false
				}
			}
		}
		return true
	}, loops
}

// handshakes returns the channels (by key) a receive from which, on every
// path from l to the return of its function, waits for a signal of l's
// literal, with the kind of signal each wait needs. The channel must be a
// local variable of that function, used there only to make it and to
// receive from it, and in the literal only to send on it and close it:
// no other goroutine can complete the wait. l must not be in a loop (one
// receive would wait for one of several goroutines).
func (m *Model) handshakes(l *Launch) map[string]signalKind {
	if l.Lit == nil || l.Encl == nil || loops.Enclosing(m.pass.TypesInfo, l.Cursor) != nil {
		return nil
	}
	body := FuncBody(l.Encl)
	if body == nil {
		return nil
	}
	info := m.pass.TypesInfo
	out := map[string]signalKind{}
	for key, kind := range m.joinKeys(l) {
		if kind != joinRecv {
			continue
		}
		v := keyVar(info, l.Lit, key)
		if v == nil || !(body.Pos() <= v.Pos() && v.Pos() < body.End()) || (l.Lit.Pos() <= v.Pos() && v.Pos() < l.Lit.End()) {
			continue // not the launching function's own variable
		}
		waits, sk, clean := waitsOn(info, body, l.Lit, v)
		if !clean || len(waits) == 0 {
			continue
		}
		through := make([]ast.Node, 0, len(waits))
		for _, w := range waits {
			if cc := commClauseOf(body, w); cc != nil {
				through = append(through, cc)
			} else {
				through = append(through, w)
			}
		}
		if m.ReturnAvoiding(l.Encl, l.Node, through) != nil {
			continue // a path returns without waiting
		}
		out[key] = sk
	}
	return out
}

// waitsOn returns the receives from, and ranges over, the channel
// variable v in body (leaving out lit), and the kind of signal they
// wait for. clean is false when body uses v otherwise: to hand it on,
// send on it, close it, copy it, or in another literal.
func waitsOn(info *types.Info, body *ast.BlockStmt, lit *ast.FuncLit, v *types.Var) (waits []ast.Node, kind signalKind, clean bool) {
	clean = true
	kind = closeOnly
	skip := map[*ast.Ident]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if !clean || n == ast.Node(lit) {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if mentions(info, n, v) {
				clean = false // another literal could signal too
			}
			return false
		case *ast.UnaryExpr:
			if id := identOf(n.X); n.Op == token.ARROW && id != nil && info.Uses[id] == types.Object(v) {
				waits = append(waits, n)
				skip[id] = true
				kind = sendOrClose
			}
		case *ast.RangeStmt:
			if id := identOf(n.X); id != nil && info.Uses[id] == types.Object(v) {
				waits = append(waits, n)
				skip[id] = true
				if leaves(n.Body) {
					kind = sendOrClose // a break ends it on a received value
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id := identOf(lhs); id != nil && info.ObjectOf(id) == types.Object(v) {
					if len(n.Rhs) == len(n.Lhs) && isMake(info, n.Rhs[i]) {
						skip[id] = true
					} else {
						clean = false
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == types.Object(v) && i < len(n.Values) && !isMake(info, n.Values[i]) {
					clean = false
				}
			}
		case *ast.Ident:
			if info.Uses[n] == types.Object(v) && !skip[n] {
				clean = false // handed on, sent on, closed or copied here
			}
		}
		return true
	})
	if len(waits) == 0 {
		kind = 0
	}
	return waits, kind, clean
}

// leaves reports whether a loop body has a way out other than the end of
// the loop: a break, a goto or a return.
func leaves(body *ast.BlockStmt) bool {
	found := false
	astx.InspectNoLits(nil, body, nil, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			if n.Tok == token.BREAK || n.Tok == token.GOTO {
				found = true
			}
		}
		return !found
	})
	return found
}

// Before reports whether each of nodes, all in the body of l's function
// literal, runs before the function that launches l returns normally: l
// is Joined, or that function waits, on every path to its return, on a
// handshake channel (handshakes) and the node cannot run after the
// goroutine's first signal on it — it is not reachable from a send or
// close in the literal's control flow, nor in a deferred call, a nested
// literal or a nested go statement, which run at other times. Each node
// may be ordered by a different handshake.
func (m *Model) Before(l *Launch, nodes []ast.Node) bool {
	if len(nodes) == 0 {
		return false
	}
	before := m.beforeOf(l)
	for _, n := range nodes {
		if !before(n) {
			return false
		}
	}
	return true
}

// beforeOf returns Before's answer for one node of l's literal, computed
// once per launch.
func (m *Model) beforeOf(l *Launch) func(ast.Node) bool {
	if f, ok := m.before[l]; ok {
		return f
	}
	if m.before == nil {
		m.before = map[*Launch]func(ast.Node) bool{}
	}
	f := m.computeBefore(l)
	m.before[l] = f
	return f
}

func (m *Model) computeBefore(l *Launch) func(ast.Node) bool {
	never := func(ast.Node) bool { return false }
	if m.Joined(l) {
		return func(ast.Node) bool { return true }
	}
	if l.Lit == nil {
		return never
	}
	var afters []func(token.Pos) bool
	for key, kind := range m.handshakes(l) {
		sig, deferred, ok := m.signals(l.Lit, key, kind)
		if !ok || len(sig) == 0 {
			continue
		}
		var live []ast.Node
		for i, s := range sig {
			if !deferred[i] {
				live = append(live, s)
			}
		}
		after, _ := m.afterSignal(l.Lit, live)
		afters = append(afters, after)
	}
	if len(afters) == 0 {
		return never
	}
	body := l.Lit.Body
	return func(n ast.Node) bool {
		if !(body.Pos() <= n.Pos() && n.End() <= body.End()) || deferredOrNested(body, n) {
			return false
		}
		for _, after := range afters {
			if !after(n.Pos()) {
				return true
			}
		}
		return false
	}
}

// deferredOrNested reports whether n, inside body, is in a deferred call,
// a go statement or a function literal nested in body: it runs at the
// end, on another goroutine, or whenever the literal is called.
func deferredOrNested(body *ast.BlockStmt, n ast.Node) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		if found || x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		switch x.(type) {
		case *ast.DeferStmt, *ast.GoStmt, *ast.FuncLit:
			found = true
			return false
		}
		return true
	})
	return found
}

// endsAtSignal reports whether l's literal does nothing after its signals
// on the channel key but return: every node reachable from a signal
// (not deferred) is free of loops, calls and channel operations, and its
// deferred calls only close channels, mark a WaitGroup done, unlock or
// recover. A wait on that channel then waits for the goroutine's end.
func (m *Model) endsAtSignal(l *Launch, key string, kind signalKind) bool {
	if l.Lit == nil {
		return true // a named function's body is not looked at here
	}
	sig, deferred, ok := m.signals(l.Lit, key, kind)
	if !ok || !m.mentions(l.Lit, key) {
		// As before: the channel is handed on (send(ch)), or to the
		// literal as an argument; what the goroutine does after its
		// signal is not known here.
		return true
	}
	var live []ast.Node
	for i, s := range sig {
		if !deferred[i] {
			live = append(live, s)
		}
	}
	info := m.pass.TypesInfo
	trivialDefers := true
	m.InspectNoLits(l.Lit.Body, []ast.Node{(*ast.DeferStmt)(nil)}, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok && !m.trivialDefer(d.Call) {
			trivialDefers = false
		}
		return trivialDefers
	})
	if !trivialDefers {
		return false
	}
	if len(live) == 0 {
		return true
	}
	after, loops := m.afterSignal(l.Lit, live)
	if loops {
		return false // it goes on looping
	}
	c := m.cfgOf(l.Lit)
	for _, b := range c.g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if after(n.Pos()) && does(info, n) {
				return false
			}
		}
	}
	return true
}

// does reports whether n calls something or operates on a channel.
func does(info *types.Info, n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
				return true // a conversion
			}
			found = true
		case *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt, *ast.FuncLit:
			found = true
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}

// trivialDefer reports whether a deferred call does no work worth waiting
// for: close, a WaitGroup's Done, a mutex's Unlock, a context's cancel,
// or a literal that only recovers (if r := recover(); r != nil {...} runs
// its body only while panicking).
func (m *Model) trivialDefer(call *ast.CallExpr) bool {
	info := m.pass.TypesInfo
	if isClose(info, call) {
		return true
	}
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		return astx.IsMethod(fn, "sync", "WaitGroup", "Done") || astx.IsMethod(fn, "sync", "Mutex", "Unlock") ||
			astx.IsMethod(fn, "sync", "RWMutex", "Unlock") || astx.IsMethod(fn, "sync", "RWMutex", "RUnlock")
	}
	if t := info.TypeOf(call.Fun); t != nil && IsNamed(t, "context", "CancelFunc") {
		return true
	}
	lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit)
	if !ok {
		return false
	}
	for _, s := range lit.Body.List {
		is, ok := s.(*ast.IfStmt)
		if !ok || !callsRecover(info, is.Init, is.Cond) {
			return false
		}
	}
	return true
}

func callsRecover(info *types.Info, nodes ...ast.Node) bool {
	found := false
	for _, n := range nodes {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
					if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// keyVar returns the variable a key names when the key is a plain
// variable mentioned in lit, or nil.
func keyVar(info *types.Info, lit *ast.FuncLit, key string) *types.Var {
	var out *types.Var
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && ExprKey(info, id) == key {
				out = v
			}
		}
		return true
	})
	return out
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

func isMake(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	b, ok := info.Uses[identOf(call.Fun)].(*types.Builtin)
	return ok && b.Name() == "make"
}

func mentions(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && info.Uses[id] == types.Object(v) {
			found = true
		}
		return !found
	})
	return found
}
