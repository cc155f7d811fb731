package ctxcopy

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// A stop guard: the flusher stopped under its mutex (net/http/httputil's
// maxLatencyWriter, a notification forwarder). The goroutine uses c only
// while it holds a mutex, after checking under it that the handler has
// not stopped it (a flag, or a channel the handler closes); the handler,
// on every path to its return, sets that flag or closes that channel
// while holding the same mutex. Each use then either runs before the
// handler's stop, so before the return, or sees the stop and does not
// run. Stopping a timer is no stop: a callback already started waits on
// the mutex and runs after it.

// usedBeforeReturn reports whether every ref, a use of c in l's literal,
// runs before the function launching l returns, or not at all after it:
// it happens before a handshake that function waits for
// (goroutine.Model.Before), or the goroutine makes it under a stop guard
// that function takes on every path (guarded).
func (m *model) usedBeforeReturn(l *goroutine.Launch, refs []ast.Node) bool {
	if len(refs) == 0 || l.Lit == nil {
		return false
	}
	var rest []ast.Node
	for _, r := range refs {
		if !m.Before(l, []ast.Node{r}) {
			rest = append(rest, r)
		}
	}
	return len(rest) == 0 || m.guarded(l, rest)
}

// guardKind is how the goroutine learns it is stopped.
type guardKind int

const (
	guardClosed    guardKind = iota + 1 // a channel the handler closes: select { case <-done: return; default: }
	guardFlagTrue                       // if stopped { return }: the handler sets stopped = true
	guardFlagFalse                      // if !pending { return }: the handler sets pending = false
)

// A guard is the mutex and the stop signal (by ExprKey) that protect a use.
type guard struct {
	mu, sig string
	kind    guardKind
	// inStop marks a use in the branch the check takes when stopped
	// (case <-done: ... return); conds are the conditions it is under there.
	inStop bool
	conds  []cond
}

// A cond is a boolean variable a branch requires to be val.
type cond struct {
	v   types.Object
	val bool
}

func (g *guard) same(h *guard) bool { return g.mu == h.mu && g.sig == h.sig && g.kind == h.kind }

// guarded reports whether every ref, in l's literal, is protected by the
// same guard, and the function launching l, on every path to its return,
// stops the goroutine under that guard's mutex or waits for it.
func (m *model) guarded(l *goroutine.Launch, refs []ast.Node) bool {
	if l.Lit == nil || l.Encl == nil || len(refs) == 0 {
		return false
	}
	var g *guard
	var inStop []*guard
	for _, ref := range refs {
		rg := m.guardOf(l.Lit.Body, ref)
		if rg == nil || (g != nil && !rg.same(g)) {
			return false
		}
		g = rg
		if rg.inStop {
			inStop = append(inStop, rg)
		}
	}
	body := goroutine.FuncBody(l.Encl)
	if body == nil {
		return false
	}
	always, through := m.Waits(l)
	if always {
		return true
	}
	stops, before := m.stops(body, l, *g)
	if before && len(inStop) == 0 {
		return true // a deferred stop registered before the launch
	}
	if len(inStop) > 0 {
		// A use in the stopped branch runs after the stop: only a stop
		// under a condition that branch excludes, on a value fixed before
		// the launch, lets none run.
		fixed := m.fixedBools(body, l)
		kept := stops[:0]
		for _, st := range stops {
			if excludesAll(conditions(m.pass.TypesInfo, body, st), inStop, fixed) {
				kept = append(kept, st)
			}
		}
		stops = kept
	}
	if len(stops) == 0 {
		return false
	}
	return m.ReturnAvoiding(l.Encl, l.Node, append(through, stops...)) == nil
}

// lockCall returns the mutex (by key) a statement locks or unlocks: m.Lock()
// (and RLock when shared is true), m.Unlock() (and RUnlock).
func (m *model) lockCall(s ast.Node, lock, shared bool) string {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return ""
	}
	return m.lockOf(es.X, lock, shared)
}

func (m *model) lockOf(e ast.Expr, lock, shared bool) string {
	mu, method, ok := astx.MutexCall(m.pass.TypesInfo, e)
	if !ok {
		return ""
	}
	recv := m.pass.TypesInfo.TypeOf(mu)
	if recv == nil || !(goroutine.IsNamed(recv, "sync", "Mutex") || goroutine.IsNamed(recv, "sync", "RWMutex")) {
		return ""
	}
	names := map[bool][]string{true: {"Lock"}, false: {"Unlock"}}[lock]
	if shared {
		names = append(names, map[bool]string{true: "RLock", false: "RUnlock"}[lock])
	}
	if slices.Contains(names, method) {
		return goroutine.ExprKey(m.pass.TypesInfo, mu)
	}
	return ""
}

// pathTo returns the nodes from root down to n.
func pathTo(root, n ast.Node) []ast.Node {
	var path []ast.Node
	ast.Inspect(root, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		path = append(path, x)
		return x != n
	})
	return path
}

// guardOf returns the guard protecting n in a goroutine's body, or nil.
func (m *model) guardOf(body *ast.BlockStmt, n ast.Node) *guard {
	g, _ := m.lockState(body, n, true)
	return g
}

// lockState walks from a function body down to n, through statement
// lists and literals called on the spot (func() { ... }()), and says
// which mutex is held at n (Lock earlier in an enclosing list, not
// released since) and which stop check, made while holding it, every
// path to n passed. With needCheck false (the handler's side) only an
// exclusive Lock is asked about; the goroutine's may be an RLock.

func (m *model) lockState(body *ast.BlockStmt, n ast.Node, needCheck bool) (*guard, bool) {
	info := m.pass.TypesInfo
	path := pathTo(body, n)
	if len(path) == 0 {
		return nil, false
	}
	var held string
	var g *guard
	deferredUnlock := false
	for i := 0; i < len(path)-1; i++ {
		parent, child := path[i], path[i+1]
		switch p := parent.(type) {
		case *ast.FuncLit:
			// Only a literal called on the spot runs here and now.
			if i < 2 {
				return nil, false
			}
			call, ok := path[i-1].(*ast.CallExpr)
			if !ok || call.Fun != ast.Expr(p) {
				return nil, false
			}
			if _, ok := path[i-2].(*ast.ExprStmt); !ok {
				return nil, false
			}
			deferredUnlock = false
		case *ast.GoStmt:
			return nil, false
		case *ast.DeferStmt:
			// Runs when the function ends: the mutex must be released by a
			// deferred Unlock registered before it (run after it), and by
			// nothing else.
			if !deferredUnlock || m.unlocksIn(path, i, held) {
				return nil, false
			}
		case *ast.SelectStmt:
			// The branch the check takes when stopped.
			if held != "" && needCheck && g == nil && i+2 < len(path) {
				if sg := m.stopCheck(p, held); sg != nil {
					if cc, ok := path[i+2].(*ast.CommClause); ok && cc.Comm != nil {
						sg.inStop = true
						g = sg
					}
				}
			}
		case *ast.IfStmt:
			if g != nil && g.inStop && child == ast.Node(p.Body) {
				g.conds = append(g.conds, conjuncts(info, p.Cond)...)
			}
			// if !stopped { use } / if pending { use }
			if child == ast.Node(p.Body) && held != "" && needCheck && g == nil && p.Else == nil {
				if sig, neg := flagCond(info, p.Cond); sig != "" {
					kind := guardFlagFalse
					if neg {
						kind = guardFlagTrue
					}
					g = &guard{mu: held, sig: sig, kind: kind}
				}
			}
		}
		var list []ast.Stmt
		switch p := parent.(type) {
		case *ast.BlockStmt:
			if i > 0 {
				switch path[i-1].(type) {
				case *ast.SelectStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt:
					break // clauses are alternatives, not a sequence
				default:
					list = p.List
				}
			} else {
				list = p.List
			}
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		}
		for _, s := range list {
			if s.Pos() >= child.Pos() {
				break
			}
			if k := m.lockCall(s, true, needCheck); k != "" {
				held, g, deferredUnlock = k, nil, false
				continue
			}
			if held == "" {
				continue
			}
			if d, ok := s.(*ast.DeferStmt); ok && m.lockOf(d.Call, false, true) == held {
				deferredUnlock = true
				continue
			}
			if m.releases(s, held) {
				held, g = "", nil
				continue
			}
			if needCheck && g == nil {
				g = m.stopCheck(s, held)
			}
		}
	}
	if held == "" {
		return nil, false
	}
	if !needCheck {
		return &guard{mu: held}, true
	}
	return g, g != nil
}

// releases reports whether s unlocks mu other than in a deferred call.
func (m *model) releases(s ast.Stmt, mu string) bool {
	found := false
	m.InspectNoLits(s, nil, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if m.lockOf(n, false, true) == mu {
				found = true
			}
		}
		return !found
	})
	return found
}

// unlocksIn reports whether the function around path[i] unlocks mu
// outside a deferred call anywhere.
func (m *model) unlocksIn(path []ast.Node, i int, mu string) bool {
	for j := i; j >= 0; j-- {
		var body *ast.BlockStmt
		switch f := path[j].(type) {
		case *ast.FuncLit:
			body = f.Body
		case *ast.BlockStmt:
			if j == 0 {
				body = f
			}
		}
		if body != nil {
			found := false
			for _, s := range body.List {
				if m.releases(s, mu) {
					found = true
				}
			}
			return found
		}
	}
	return true
}

// stopCheck recognises, in s, a check that leaves the function when the
// goroutine is stopped: select { case <-done: ...; return  default: } or
// if stopped { return }, if !pending { return }.
func (m *model) stopCheck(s ast.Stmt, mu string) *guard {
	info := m.pass.TypesInfo
	switch s := s.(type) {
	case *ast.SelectStmt:
		hasDefault := false
		var sig string
		for _, cc := range s.Body.List {
			cc := cc.(*ast.CommClause)
			if cc.Comm == nil {
				hasDefault = true
				continue
			}
			es, ok := cc.Comm.(*ast.ExprStmt)
			if !ok {
				return nil
			}
			u, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW || !endsInReturn(cc.Body) {
				return nil
			}
			sig = goroutine.ExprKey(info, u.X)
		}
		if hasDefault && sig != "" && len(s.Body.List) == 2 {
			return &guard{mu: mu, sig: sig, kind: guardClosed}
		}
	case *ast.IfStmt:
		if s.Init != nil || s.Else != nil || !endsInReturn(s.Body.List) {
			return nil
		}
		if sig, neg := flagCond(info, s.Cond); sig != "" {
			kind := guardFlagTrue
			if neg {
				kind = guardFlagFalse
			}
			return &guard{mu: mu, sig: sig, kind: kind}
		}
	}
	return nil
}

// flagCond returns the boolean variable or field a condition tests, and
// whether it is negated: stopped, !pending, w.stopped.
func flagCond(info *types.Info, cond ast.Expr) (string, bool) {
	neg := false
	if u, ok := ast.Unparen(cond).(*ast.UnaryExpr); ok && u.Op == token.NOT {
		neg, cond = true, u.X
	}
	t := info.TypeOf(cond)
	if t == nil {
		return "", false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return "", false
	}
	switch ast.Unparen(cond).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		if v, ok := info.ObjectOf(selOrIdent(cond)).(*types.Var); ok && v != nil {
			return goroutine.ExprKey(info, cond), neg
		}
	}
	return "", false
}

func selOrIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

func endsInReturn(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	_, ok := list[len(list)-1].(*ast.ReturnStmt)
	return ok
}

// stops returns the places in body (the function launching l) where the
// goroutine is stopped under g's mutex: the stop itself (close(done),
// stopped = true) while body holds the mutex, a deferred call of a
// literal (or of a local variable bound once to one) that stops under it,
// or a call of such a variable. before is true when such a deferred stop
// is registered in body's own list before the launch: it runs on every
// return after the launch.
func (m *model) stops(body *ast.BlockStmt, l *goroutine.Launch, g guard) (out []ast.Node, before bool) {
	info := m.pass.TypesInfo
	isStop := func(fbody *ast.BlockStmt, s ast.Node) bool {
		ok := false
		switch s := s.(type) {
		case *ast.CallExpr:
			if g.kind == guardClosed && len(s.Args) == 1 && goroutine.ExprKey(info, s.Args[0]) == g.sig {
				if id, isID := ast.Unparen(s.Fun).(*ast.Ident); isID {
					if b, isB := info.Uses[id].(*types.Builtin); isB && b.Name() == "close" {
						ok = true
					}
				}
			}
		case *ast.AssignStmt:
			if g.kind != guardClosed && s.Tok == token.ASSIGN && len(s.Lhs) == 1 && len(s.Rhs) == 1 && goroutine.ExprKey(info, s.Lhs[0]) == g.sig {
				if id, isID := ast.Unparen(s.Rhs[0]).(*ast.Ident); isID {
					if c, isC := info.Uses[id].(*types.Const); isC && c.Val().String() == map[guardKind]string{guardFlagTrue: "true", guardFlagFalse: "false"}[g.kind] {
						ok = true
					}
				}
			}
		}
		if !ok {
			return false
		}
		held, _ := m.lockState(fbody, s, false)
		return held != nil && held.mu == g.mu
	}
	// A literal stops when it does so in its own statement list, on every
	// path through it (a stop under an if inside it would not be).
	stopsIn := func(fbody *ast.BlockStmt) bool {
		for _, st := range fbody.List {
			var n ast.Node = st
			if es, ok := st.(*ast.ExprStmt); ok {
				n = ast.Unparen(es.X)
			}
			if isStop(fbody, n) {
				return true
			}
		}
		return false
	}
	// Local variables bound once to a literal that stops.
	stopVars := map[types.Object]bool{}
	m.InspectNoLits(body, nil, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if lit, ok := as.Rhs[0].(*ast.FuncLit); ok && stopsIn(lit.Body) {
				stopVars[info.Defs[as.Lhs[0].(*ast.Ident)]] = true
			}
		}
		return true
	})
	runsStop := func(call *ast.CallExpr) bool {
		if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
			return stopsIn(lit.Body)
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			return stopVars[info.Uses[id]]
		}
		return false
	}
	for _, s := range body.List {
		if d, ok := s.(*ast.DeferStmt); ok && d.Pos() < l.Node.Pos() && runsStop(d.Call) {
			return nil, true
		}
	}
	m.InspectNoLits(body, nil, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			if runsStop(n.Call) {
				out = append(out, n)
			}
			return false
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && runsStop(call) {
				out = append(out, n)
				return false
			}
		}
		if isStop(body, n) {
			out = append(out, n)
		}
		return true
	})
	return out, false
}

// conjuncts returns the boolean variables a condition requires: v, !v,
// v && w.
func conjuncts(info *types.Info, e ast.Expr) []cond {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if e.Op == token.LAND {
			return append(conjuncts(info, e.X), conjuncts(info, e.Y)...)
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			if id, ok := ast.Unparen(e.X).(*ast.Ident); ok && info.Uses[id] != nil {
				return []cond{{info.Uses[id], false}}
			}
		}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return []cond{{v, true}}
		}
	}
	return nil
}

// conditions returns what the if statements around n, in body, require.
func conditions(info *types.Info, body *ast.BlockStmt, n ast.Node) []cond {
	var out []cond
	path := pathTo(body, n)
	for i := 0; i+1 < len(path); i++ {
		if is, ok := path[i].(*ast.IfStmt); ok && path[i+1] == ast.Node(is.Body) {
			out = append(out, conjuncts(info, is.Cond)...)
		}
	}
	return out
}

// excludesAll reports whether a stop under the conditions have excludes
// every use in the stopped branch: each requires the opposite value of a
// variable fixed before the launch.
func excludesAll(have []cond, uses []*guard, fixed map[types.Object]bool) bool {
	for _, u := range uses {
		excluded := false
		for _, c := range u.conds {
			for _, h := range have {
				if c.v == h.v && c.val != h.val && fixed[c.v] {
					excluded = true
				}
			}
		}
		if !excluded {
			return false
		}
	}
	return true
}

// fixedBools returns the local boolean variables of body declared before
// l and never assigned again, nor addressed: the goroutine and the
// function see the same value.
func (m *model) fixedBools(body *ast.BlockStmt, l *goroutine.Launch) map[types.Object]bool {
	info := m.pass.TypesInfo
	out := map[types.Object]bool{}
	for id, obj := range info.Defs {
		v, ok := obj.(*types.Var)
		if !ok || id.Pos() < body.Pos() || id.Pos() >= l.Node.Pos() {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			out[v] = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.Uses[id] != nil {
					delete(out, info.Uses[id])
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				delete(out, info.Uses[id])
			}
		}
		return true
	})
	return out
}
