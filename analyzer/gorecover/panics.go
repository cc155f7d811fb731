package gorecover

import (
	"fmt"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// PanicFact is exported for a function of the user's code that can
// plausibly panic when called (Why says how), or that panics on purpose
// (Crash: a crash-on-bug helper, whose callers mean to stop the program).
type PanicFact struct {
	Why   string // "type assertion without comma-ok at parse.go:40"
	Crash bool
	// Guard, when set, says the function can panic only through calls in
	// the cases of a switch on one of its parameters: a call passing
	// another constant for it cannot (settings.Update("SyncStatus", v)
	// where only Update's "MonitorStatus" case can panic).
	Guard *CaseGuard
	// closedAt is, when Why is a send on a channel closed elsewhere, the
	// close: known in this package only (not exported with the fact).
	closedAt token.Pos
}

func (*PanicFact) AFact() {}

func (f *PanicFact) String() string {
	if f.Crash {
		return "panics(crash)"
	}
	if f.Guard != nil {
		return fmt.Sprintf("panics(%s, if parameter %d is one of %s)", f.Why, f.Guard.Param, strings.Join(f.Guard.Values, ", "))
	}
	return "panics(" + f.Why + ")"
}

// A CaseGuard is a parameter and the constants (constant.Value's
// ExactString) of the switch cases through which a function can panic.
type CaseGuard struct {
	Param  int
	Values []string
}

// excludes reports whether call, of a function with guard g, passes a
// constant for the guarded parameter that none of its cases has.
func (g *CaseGuard) excludes(info *types.Info, call *ast.CallExpr) bool {
	if g == nil || call == nil || g.Param >= len(call.Args) || call.Ellipsis.IsValid() {
		return false
	}
	tv, ok := info.Types[call.Args[g.Param]]
	return ok && tv.Value != nil && !slices.Contains(g.Values, tv.Value.ExactString())
}

// A panicSite is the first reason found for which a body can panic.
type panicSite struct {
	pos token.Pos // where, in this package
	why string    // "type assertion without comma-ok", "call of parse, which can panic: ..."
	// leaf is the callee's PanicFact.Why when the reason is a call: the
	// place that panics, which a fact passes on unchanged.
	leaf string
	// closedAt is the close, when the reason is a send on a channel
	// closed elsewhere.
	closedAt token.Pos
}

// String is the reason with its place: "h.go:12: type assertion without
// comma-ok".
func (s *panicSite) String(fset *token.FileSet) string {
	return goroutine.ShortPos(fset, s.pos) + ": " + s.why
}

// panics answers "can this body plausibly panic?" for one package: from
// the body's own code, and from the PanicFacts of the user's functions it
// calls, in this package or another one of the user's module.
type panics struct {
	pass  *analysis.Pass
	insp  *inspector.Inspector
	m     *goroutine.Model
	extra []*goroutine.Launcher // -gorecover.panickers
	// rec says which functions defer a recover at their top: a panic in
	// one stops there, and is not its callers'.
	rec   *recovery
	hooks bool // -gorecover.hooks
	// indexes counts computed indexes into any slice or string, not only
	// into package-level tables (-gorecover.indexes).
	indexes bool
	facts   map[*types.Func]*PanicFact
	// closes and wsWrites list, by channel or connection (a variable or a
	// field: see objKey), where the package closes it or writes to it.
	closes   map[types.Object][]token.Pos
	wsWrites map[types.Object][]token.Pos
	// launched are the function literals run on goroutines of their own:
	// their panics are not the enclosing body's.
	launched map[*ast.FuncLit]bool
	goCalls  map[*ast.CallExpr]bool // the calls of go statements
	// onceVals maps the variables assigned once (outside tests) to their
	// value: a closure (see closure), a named function (var probe =
	// probeTrace, a seam its tests replace), make(T, n) (see madeLen), a
	// regexp pattern (see safePattern).
	onceVals map[types.Object]ast.Expr
	// recovered are the variables assigned recover()'s result, and
	// repanicTypes the types of the values the package builds from them
	// (newPanicError(r)): a panic of one re-raises a panic caught
	// elsewhere, which is reported where it starts.
	recovered    map[types.Object]bool
	repanicTypes []types.Type
	// For the fan-out idiom (results := make([]T, len(xs)); for i := range
	// xs { go func(i int) { results[i] = f(xs[i]) }(i) }): rangeKeys maps
	// the key variables of range statements to them, litArgs the
	// parameters of literals called on the spot to their argument (the
	// variables made with make(T, n) are in onceVals).
	rangeKeys map[types.Object]*ast.RangeStmt
	litArgs   map[types.Object]ast.Expr
	// rangeValues maps the value variables of range statements to them
	// (for _, h := range s.hooks: see registered).
	rangeValues map[types.Object]*ast.RangeStmt
	// stores are the types of the values the package puts into each
	// store (stores.go), lazily.
	stores map[*types.Var][]types.Type
	// makeLenKeys maps fields and other selections made once with
	// make(T, n), by indexKey, to n (copy.Groups = make([]*G,
	// len(e.Groups))).
	makeLenKeys map[string]ast.Expr
	// deferredCloses maps the closes made by a deferred call to the
	// function declaration that defers them.
	deferredCloses map[token.Pos]*ast.FuncDecl
	scanning       map[*ast.FuncLit]bool
	insight        *visible // see visibleValues
}

func newPanics(pass *analysis.Pass, insp *inspector.Inspector, m *goroutine.Model, rec *recovery, opts *parsed) *panics {
	p := &panics{
		hooks:    opts.hooks,
		rec:      rec,
		indexes:  opts.indexes,
		pass:     pass,
		insp:     insp,
		m:        m,
		extra:    opts.panickers,
		facts:    map[*types.Func]*PanicFact{},
		closes:   map[types.Object][]token.Pos{},
		wsWrites: map[types.Object][]token.Pos{},
		launched: map[*ast.FuncLit]bool{},
		goCalls:  map[*ast.CallExpr]bool{},

		onceVals:  map[types.Object]ast.Expr{},
		recovered: map[types.Object]bool{},

		rangeKeys:   map[types.Object]*ast.RangeStmt{},
		rangeValues: map[types.Object]*ast.RangeStmt{},

		deferredCloses: map[token.Pos]*ast.FuncDecl{},
		litArgs:        map[types.Object]ast.Expr{},
		makeLenKeys:    map[string]ast.Expr{},
		scanning:       map[*ast.FuncLit]bool{},
	}
	for _, l := range m.Launches() {
		if l.Lit != nil && ast.Unparen(l.Fun) == l.Lit {
			p.launched[l.Lit] = true
		}
		if l.Call != nil {
			p.goCalls[l.Call] = true
		}
	}
	info := pass.TypesInfo
	assigned := map[types.Object]int{}
	selAssigned := map[string]int{}
	bind := func(id *ast.Ident, rhs ast.Expr) {
		if obj := info.ObjectOf(id); obj != nil {
			assigned[obj]++
			p.onceVals[obj] = rhs
		}
	}
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)) {
		var call *ast.CallExpr
		switch n := cur.Node().(type) {
		case *ast.RangeStmt:
			if id, ok := n.Key.(*ast.Ident); ok && n.Tok == token.DEFINE && info.Defs[id] != nil {
				p.rangeKeys[info.Defs[id]] = n
			}
			if id, ok := n.Value.(*ast.Ident); ok && n.Tok == token.DEFINE && info.Defs[id] != nil {
				p.rangeValues[info.Defs[id]] = n
			}
			continue
		case *ast.AssignStmt:
			if astx.InTestFile(pass.Fset, n.Pos()) {
				continue // a test replacing a function variable (a seam) does not make it a hook
			}
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					switch l := ast.Unparen(l).(type) {
					case *ast.Ident:
						bind(l, n.Rhs[i])
					case *ast.SelectorExpr:
						if k := indexKey(info, l); k != "" {
							selAssigned[k]++
							if ml := makeLen(info, n.Rhs[i]); ml != nil {
								p.makeLenKeys[k] = ml
							}
						}
					}
				}
			} else {
				for _, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						if obj := info.ObjectOf(id); obj != nil {
							assigned[obj] += 2 // x, err = f(): not followed
						}
					}
				}
			}
			continue
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) {
					bind(id, n.Values[i])
				}
			}
			continue
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if obj := info.ObjectOf(id); obj != nil {
					assigned[obj] += 2 // &f: may be set elsewhere
				}
			}
			continue
		case *ast.CallExpr:
			call = n
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok && !n.Ellipsis.IsValid() {
				i := 0
				for _, field := range lit.Type.Params.List {
					for _, name := range field.Names {
						if obj := info.Defs[name]; obj != nil && i < len(n.Args) {
							p.litArgs[obj] = n.Args[i]
						}
						i++
					}
					if len(field.Names) == 0 {
						i++
					}
				}
			}
		}
		switch fn := typeutil.Callee(info, call).(type) {
		case *types.Builtin:
			if fn.Name() == "recover" {
				p.bindRecovered(cur)
			}
			if fn.Name() == "close" && len(call.Args) == 1 {
				if k := objKey(info, call.Args[0]); k != nil && !closesAfterSenders(info, cur, k) {
					p.closes[k] = append(p.closes[k], call.Pos())
					if deferredIn(cur) != nil {
						p.deferredCloses[call.Pos()] = deferredIn(cur)
					}
				}
			}
		case *types.Func:
			if isWebsocketWrite(fn) {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					if k := objKey(info, sel.X); k != nil {
						p.wsWrites[k] = append(p.wsWrites[k], call.Pos())
					}
				}
			}
		}
	}
	// What a variable was assigned counts only if it was assigned once.
	assignedOnce(p.onceVals, assigned)
	p.findRepanicTypes()
	assignedOnce(p.makeLenKeys, selAssigned)
	p.compute(m)
	for _, fd := range m.FuncDecls() {
		if f := p.facts[fd.Obj]; f != nil {
			pass.ExportObjectFact(fd.Obj, f)
		}
	}
	return p
}

// visibleValues returns what the package shows of its functions'
// arguments and its func fields' values, computed on first use.
func (p *panics) visibleValues() *visible {
	if p.insight == nil {
		p.insight = newVisible(p.pass, p.insp, p.m)
	}
	return p.insight
}

// fact returns the PanicFact of fn, from this package or the user's
// module, or nil.
func (p *panics) fact(fn *types.Func) *PanicFact {
	fn = fn.Origin()
	if f, ok := p.facts[fn]; ok || fn.Pkg() == p.pass.Pkg {
		return f
	}
	if !p.m.UserCode(fn.Pkg()) {
		return nil
	}
	var f PanicFact
	if p.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// compute fills p.facts for the package's functions: crash helpers first
// (from their syntax), then each function's own reason, then the reasons
// of the functions they call, to a fixed point.
func (p *panics) compute(m *goroutine.Model) {
	decls := m.FuncDecls()
	for _, fd := range decls {
		if isCrashHelper(p.pass.TypesInfo, fd.Decl.Body) {
			p.facts[fd.Obj] = &PanicFact{Crash: true}
		}
	}
	calls := map[*types.Func][]callee{}
	guards := map[*types.Func]caseRegions{}
	for _, fd := range decls {
		if p.facts[fd.Obj] != nil {
			continue
		}
		guards[fd.Obj] = p.caseRegions(fd.Decl)
		s := p.scan(fd.Body, fd.Decl, false, func(c callee) {
			if !p.rec.Guarded(c.fn) { // its panics stop in it
				calls[fd.Obj] = append(calls[fd.Obj], c)
			}
		})
		if s != nil && s.leaf != "" {
			p.facts[fd.Obj] = &PanicFact{Why: s.leaf, closedAt: s.closedAt}
		} else if s != nil {
			p.facts[fd.Obj] = &PanicFact{Why: fmt.Sprintf("%s in %s at %s", s.why, goroutine.FuncName(fd.Obj), goroutine.ShortPos(p.pass.Fset, s.pos)), closedAt: s.closedAt}
		}
	}
	// Monotone: a fact, once set, stays.
	fns := make([]*types.Func, len(decls))
	for i, fd := range decls {
		fns[i] = fd.Obj
	}
	goroutine.SolveCalls(fns, func(i int) []*types.Func {
		var out []*types.Func
		for _, c := range calls[fns[i]] {
			out = append(out, c.fn)
		}
		return out
	}, func(i int) bool {
		old := p.facts[fns[i]]
		if old != nil && old.Guard == nil {
			return false
		}
		// The place that panics, not the path to it: from a call outside
		// the guarded cases if there is one, else guarded by the cases.
		var guarded *PanicFact
		for _, c := range calls[fns[i]] {
			f := p.facts[c.fn]
			if f == nil || f.Crash || f.Guard.excludes(p.pass.TypesInfo, c.call) {
				continue
			}
			g := guards[fns[i]].at(c.pos)
			if g == nil {
				p.facts[fns[i]] = &PanicFact{Why: f.Why, closedAt: f.closedAt}
				return true
			}
			if guarded == nil {
				guarded = &PanicFact{Why: f.Why, closedAt: f.closedAt, Guard: &CaseGuard{Param: g.Param}}
			}
			if guarded.Guard.Param != g.Param {
				p.facts[fns[i]] = &PanicFact{Why: f.Why, closedAt: f.closedAt} // two switches: not followed
				return true
			}
			for _, v := range g.Values {
				if !slices.Contains(guarded.Guard.Values, v) {
					guarded.Guard.Values = append(guarded.Guard.Values, v)
				}
			}
		}
		if guarded != nil && (old == nil || len(guarded.Guard.Values) > len(old.Guard.Values)) {
			p.facts[fns[i]] = guarded
			return true
		}
		return false
	})
}

// A callee is a function of this package a body calls, directly or as an
// implementation of the interface method it calls.
type callee struct {
	fn    *types.Func
	pos   token.Pos
	iface *types.Func // the interface method called, if any
	call  *ast.CallExpr
}

func (c callee) describe(f *PanicFact) string {
	if c.iface != nil {
		return fmt.Sprintf("call of %s, implemented by %s, which can panic: %s", c.iface.Name(), goroutine.FuncName(c.fn), f.Why)
	}
	return fmt.Sprintf("call of %s, which can panic: %s", c.fn.Name(), f.Why)
}

// isCrashHelper reports whether body panics on every path on purpose: its
// last statement is a panic and it never returns (func bug(msg string) {
// panic("BUG: " + msg) }). A goroutine that calls one means to stop the
// program, as with os.Exit.
func isCrashHelper(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil || len(body.List) == 0 || !isPanicStmt(info, body.List[len(body.List)-1]) {
		return false
	}
	returns := false
	goroutine.InspectNoLits(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.ReturnStmt); ok {
			returns = true
		}
		return !returns
	})
	return !returns
}

// isPanicStmt reports whether stmt is a call of the builtin panic.
func isPanicStmt(info *types.Info, stmt ast.Stmt) bool {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	b, ok := typeutil.Callee(info, call).(*types.Builtin)
	return ok && b.Name() == "panic"
}

// goroutineSite returns why the body of a goroutine's function literal can
// plausibly panic, or nil. A panic that is a statement of the body itself
// (not in a branch: a watchdog's deliberate crash) is intended.
func (p *panics) goroutineSite(lit *ast.FuncLit) *panicSite {
	return p.scan(p.cursor(lit.Body), lit, true, nil)
}

// cursor returns the cursor of a block (FindByPos skips the subtrees
// before it; FindNode from the root would walk the whole package).
func (p *panics) cursor(b *ast.BlockStmt) inspector.Cursor {
	if c, ok := p.insp.Root().FindByPos(b.Pos(), b.End()); ok && c.Node() == b {
		return c
	}
	if c, ok := p.insp.Root().FindNode(b); ok {
		return c
	}
	return p.insp.Root() // not a block: scan finds nothing
}

// scan returns the first reason body can plausibly panic, or nil. encl is
// the function declaration or literal body belongs to; lit says it is a
// goroutine's literal (whose captured func values come from outside, and
// whose top-level panic statements are intended). Calls to functions of
// this package are handed to sameePkg instead when it is not nil (facts
// are being computed).
//
// The reasons, and why these (a reviewer trusts the rest not to panic on
// valid use):
//   - a call of panic (but see trusted.go: preconditions, re-panics,
//     the host's failures), log.Panic* or a function of the user's that
//     can panic (its PanicFact), or of a configured -gorecover.panickers;
//   - a type assertion without comma-ok (not those trusted.go lists, nor
//     on a request-context value,
//     a sync.Pool's Get, a sync.Map's or atomic.Value's Load, heap.Pop:
//     see contextValue; not in a type switch's case for the same type:
//     switchedTo; not on http.DefaultTransport);
//   - an index or slice expression with a computed (non-constant) index
//     into a package-level table (table), or with -gorecover.indexes into
//     any slice or string, unless bounded says it is in range: the key
//     of a range over the same value or over what the value was made as
//     long as (results := make([]T, len(xs)); for i := range xs { go
//     func(i int) { results[i] = ... }(i) }: the fan-out idiom, the key
//     passed to the literal or captured), the body (or the starter of
//     the goroutine whose literal it is, before the go statement) asks
//     for its len() before, the
//     index is a strings or bytes search of the value itself that the
//     body checks succeeds first (strings.Contains(s, "/") then
//     s[strings.LastIndex(s, "/"):]), or the index is a parameter of the unexported function being
//     scanned that every call in the package passes a constant for (an
//     enumeration indexing a table: as safe as a constant index);
//   - a write to a map that is nil: a local declared without a value and
//     never assigned;
//   - a call of a function value whose source the package shows: a
//     closure (closure), a package variable holding a named function or
//     a literal assigned once outside tests (named: a seam), a func-typed
//     field of this package everything the package stores in which is its
//     own: a function literal or named function (T{f: defaultF}, x.f =
//     func() {...}), the parameter of a setter every call of which in the
//     package passes one, what a factory of the package returns
//     (level("warn") returning a literal), or a copy of another such field
//     (visible.fieldValues, funcValues): the call is what those functions
//     can do. With -gorecover.hooks (p.hooks), a function value whose
//     source is not seen is a reason of its own: a package variable
//     assigned elsewhere, a variable captured by a goroutine's literal, a
//     field the package never stores into (exported, for its users to
//     fill), fills from a variable or through a setter it never calls
//     itself (OnX(f), for other packages), and f()() or m[k]();
//   - a call of an interface method of the user's whose visible
//     implementations can panic;
//   - decoding an image (image.Decode and the format decoders: crafted
//     input has made them panic), compiling a computed regexp with
//     regexp.MustCompile;
//   - a send on a channel that the package closes elsewhere, but for a
//     close that waits for the senders (after a Wait call or a loop
//     receiving from the channel, in the same block: the fan-in idiom)
//     and a close deferred by the only caller of the sending function;
//   - a write on a gorilla/websocket connection that is also written
//     elsewhere (the package panics on concurrent writes), but for a
//     write made before the go statement, outside any loop around it.
func (p *panics) scan(cur inspector.Cursor, encl ast.Node, lit bool, samePkg func(callee)) *panicSite {
	body, ok := cur.Node().(*ast.BlockStmt)
	if !ok {
		return nil
	}
	info := p.pass.TypesInfo
	var site *panicSite
	found := func(pos token.Pos, leaf, format string, args ...any) {
		if site == nil {
			site = &panicSite{pos: pos, why: fmt.Sprintf(format, args...), leaf: leaf}
		}
	}
	cur.Inspect(nil, func(c inspector.Cursor) bool {
		if site != nil {
			return false
		}
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			// Only a literal called right here (func() {...}(), defer
			// func() {...}()) runs as part of the body: others run on
			// another goroutine, or when someone calls them (a closure
			// variable: see valueCall).
			call, ok := c.Parent().Node().(*ast.CallExpr)
			return ok && ast.Unparen(call.Fun) == n && !p.launched[n]
		case *ast.CallExpr:
			if !p.goCalls[n] { // go f(x) runs f on another goroutine
				p.callSite(c, n, body, encl, lit, samePkg, found)
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil && !commaOK(c) && !p.contextValue(encl, n.X) && !p.fromOwnStore(encl, n) && !switchedTo(info, c, n) && !isDefaultTransport(info, n.X) && !reflectRoundTrip(info, n) && !p.ownAbstraction(n) && !p.ownLiteral(encl, n) && !instantiation(info, n) && !listenAddr(info, n) {
				found(n.Lparen, "", "type assertion without comma-ok")
			}
		case *ast.IndexExpr:
			if isIndexable(info.TypeOf(n.X)) && (p.indexes || table(info, n.X) && !p.parallelTable(n.X, n.Index) || p.fromRequest(n.Index)) && !isConst(info, n.Index) && !p.bounded(body, encl, n.X, n.Index, n.Pos()) {
				found(n.Lbrack, "", "index with a computed index")
			}
		case *ast.SliceExpr:
			if isIndexable(info.TypeOf(n.X)) {
				for _, b := range []ast.Expr{n.Low, n.High, n.Max} {
					if b != nil && (p.indexes || table(info, n.X) || p.fromRequest(b)) && !isConst(info, b) && !p.bounded(body, encl, n.X, b, n.Pos()) {
						found(n.Lbrack, "", "slice with a computed bound")
						break
					}
				}
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				p.mapWrite(encl, lhs, found)
			}
		case *ast.IncDecStmt:
			p.mapWrite(encl, n.X, found)
		case *ast.SendStmt:
			if k := objKey(info, n.Chan); k != nil {
				for _, pos := range p.closes[k] {
					if (pos < encl.Pos() || pos >= encl.End()) && !p.closedByOnlyCaller(encl, pos) {
						found(n.Arrow, "", "send on a channel closed at %s", goroutine.ShortPos(p.pass.Fset, pos))
						if site != nil && site.pos == n.Arrow {
							site.closedAt = pos
						}
						break
					}
				}
			}
		}
		return site == nil
	})
	return site
}

// callSite looks at one call of a body scanned by scan.
func (p *panics) callSite(c inspector.Cursor, call *ast.CallExpr, body *ast.BlockStmt, encl ast.Node, lit bool, samePkg func(callee), found func(token.Pos, string, string, ...any)) {
	info := p.pass.TypesInfo
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		if fn.Name() != "panic" {
			return
		}
		if lit {
			if es, ok := c.Parent().Node().(*ast.ExprStmt); ok && c.Parent().Parent().Node() == body && isPanicStmt(info, es) {
				return // the goroutine's own, unconditional panic: intended
			}
		}
		if len(call.Args) == 1 && (p.repanic(call.Args[0]) || p.precondition(c, encl) || p.hostFailure(encl, call.Args[0])) {
			return
		}
		found(call.Pos(), "", "panic")
	case *types.Func:
		p.funcCall(call, fn, encl, samePkg, found)
	case *types.Var:
		p.valueCall(call, fn, encl, lit, samePkg, found)
	case nil:
		// A call of a function value that is not a variable (f()(),
		// m[k]()): from a field or map of hooks, most often.
		if _, isConv := info.Types[call.Fun]; isConv && info.Types[call.Fun].IsType() {
			return
		}
		if f := p.registered(call.Fun, nil); f != nil {
			found(call.Pos(), "", "call of %s, a function the package's callers register (a handler, hook or plugin: code it does not control)", f.Name())
			return
		}
		if ft := info.TypeOf(call.Fun); ft == nil || !p.hooks {
			return // untyped (the package has errors), or not a reason by default
		} else if _, ok := ft.Underlying().(*types.Signature); ok {
			if _, isLit := ast.Unparen(call.Fun).(*ast.FuncLit); !isLit {
				found(call.Pos(), "", "call of a function value")
			}
		}
	}
}

func (p *panics) funcCall(call *ast.CallExpr, fn *types.Func, encl ast.Node, samePkg func(callee), found func(token.Pos, string, string, ...any)) {
	info := p.pass.TypesInfo
	pos := call.Pos()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		pos = sel.Sel.Pos()
	}
	for _, l := range p.extra {
		if l.Matches(fn) {
			found(pos, "", "call of %s (-gorecover.panickers)", fn.Name())
			return
		}
	}
	if fn.Pkg() == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil && types.IsInterface(recv.Type()) {
		p.ifaceCall(call, pos, fn, samePkg, found)
		return
	}
	path := fn.Pkg().Path()
	switch {
	case path == "log" && strings.HasPrefix(fn.Name(), "Panic"):
		found(pos, "", "%s", "log."+fn.Name())
		return
	case path == "regexp" && strings.HasPrefix(fn.Name(), "MustCompile") && len(call.Args) == 1 && !p.safePattern(call.Args[0], 0):
		found(pos, "", "regexp.%s of a computed pattern", fn.Name())
		return
	case isImageDecoder(fn):
		found(pos, "", "decodes an image with %s.%s (crafted input has made image decoders panic)", fn.Pkg().Name(), fn.Name())
		return
	case isWebsocketWrite(fn):
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if k := objKey(info, sel.X); k != nil {
				for _, other := range p.wsWrites[k] {
					if (other < encl.Pos() || other >= encl.End()) && !p.sequencedBefore(other, encl) && !p.sameLock(call.Pos(), other) {
						found(pos, "", "websocket write that can run concurrently with the one at %s (gorilla/websocket panics on concurrent writes)", goroutine.ShortPos(p.pass.Fset, other))
						return
					}
				}
			}
		}
		return
	}
	if !p.m.UserCode(fn.Pkg()) {
		return // the standard library and dependencies: trusted on valid use
	}
	if fn.Origin().Pkg() == p.pass.Pkg && samePkg != nil {
		samePkg(callee{fn: fn.Origin(), pos: pos, call: call})
		return
	}
	if f := p.fact(fn); f != nil && !f.Crash && !p.rec.Guarded(fn) && !p.closedAfter(encl, call, f.closedAt) && !f.Guard.excludes(info, call) {
		found(pos, f.Why, "%s", callee{fn: fn}.describe(f))
	}
}

// ifaceCall looks at a call of an interface method: one of the user's
// interfaces can panic if one of its visible implementations can.
func (p *panics) ifaceCall(call *ast.CallExpr, pos token.Pos, m *types.Func, samePkg func(callee), found func(token.Pos, string, string, ...any)) {
	if !p.m.UserCode(m.Pkg()) {
		return // io.Writer, error, a driver's interface: trusted
	}
	for _, impl := range p.m.Implementations(m) {
		if impl.Pkg() == p.pass.Pkg && samePkg != nil {
			samePkg(callee{fn: impl, pos: pos, iface: m, call: call})
			continue
		}
		if f := p.fact(impl); f != nil && !f.Crash && !p.rec.Guarded(impl) && !f.Guard.excludes(p.pass.TypesInfo, call) {
			found(pos, f.Why, "%s", callee{fn: impl, iface: m}.describe(f))
			return
		}
	}
}

// registered returns the field a called function value comes from when
// the package's callers register it through an API other modules can
// call (goroutine.Model.Registered): a library's tool handlers and hooks,
// code it does not control (issue 24). fun is the call's function
// expression; v, if not nil, the variable it names, read through its one
// assignment (h := s.tools[name]). An API under internal/ or in package
// main is the module's own: what it registers is the application's code,
// judged where it is written.
func (p *panics) registered(fun ast.Expr, v *types.Var) *types.Var {
	pkg := p.pass.Pkg
	if pkg.Name() == "main" || strings.Contains("/"+pkg.Path()+"/", "/internal/") {
		return nil // the Go toolchain's internal rule: only this module imports it
	}
	if v != nil && !v.IsField() {
		fun = p.onceVals[v]
		if r := p.rangeValues[v]; r != nil {
			fun = r.X // for _, h := range s.hooks
		}
		if fun == nil {
			return nil
		}
	}
	return p.m.RegisteredRead(fun)
}

// valueCall looks at a call of a function-typed variable.
func (p *panics) valueCall(call *ast.CallExpr, v *types.Var, encl ast.Node, lit bool, samePkg func(callee), found func(token.Pos, string, string, ...any)) {
	if named, ok := types.Unalias(v.Type()).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "context" {
		return // a CancelFunc
	}
	if cl := p.closure(v); cl != nil {
		// A closure: what its body does.
		p.litCall(call, v, cl, samePkg, found)
		return
	}
	if fn := namedFunc(p.pass.TypesInfo, p.onceVals[v]); fn != nil {
		// A variable that holds a named function, replaced only by
		// tests: what the function does.
		p.funcCall(call, fn, encl, samePkg, found)
		return
	}
	if !v.IsField() {
		if f := p.registered(call.Fun, v); f != nil {
			found(call.Pos(), "", "call of %s, a function the package's callers register (a handler, hook or plugin: code it does not control)", f.Name())
			return
		}
	}
	switch {
	case v.IsField():
		if vals, ok := p.visibleValues().fieldValues(v); ok {
			// The package's own functions: what they do.
			for _, fv := range vals {
				if fv.lit != nil {
					p.litCall(call, v, fv.lit, samePkg, found)
				} else {
					p.funcCall(call, fv.fn, encl, samePkg, found)
				}
			}
			return
		}
		if f := p.registered(call.Fun, v); f != nil {
			found(call.Pos(), "", "call of %s, a function the package's callers register (a handler, hook or plugin: code it does not control)", f.Name())
			return
		}
		if p.hooks {
			found(call.Pos(), "", "call of %s, a function value from a field (a hook or plugin)", v.Name())
		}
	case !p.hooks:
		// By default a function value whose source is not seen is not a
		// reason: on the field corpus, none of the goroutines reported
		// for one alone was a bug (docs/field-results.md).
	case v.Pkg() != nil && v.Parent() == v.Pkg().Scope() && p.m.UserCode(v.Pkg()):
		found(call.Pos(), "", "call of %s, a function value from a package variable (a hook or plugin)", v.Name())
	case lit && (v.Pos() < encl.Pos() || v.Pos() >= encl.End()):
		// Captured from the function that starts the goroutine: a
		// callback its caller supplied, or a closure defined there.
		found(call.Pos(), "", "call of %s, a function value supplied from outside the goroutine", v.Name())
	}
	// A parameter of a named function is its caller's business, and a
	// local variable holds a closure of the same function.
}

// litCall looks at a call of v, a variable or field that holds the
// function literal cl: what its body does.
func (p *panics) litCall(call *ast.CallExpr, v *types.Var, cl *ast.FuncLit, samePkg func(callee), found func(token.Pos, string, string, ...any)) {
	if p.scanning[cl] {
		return
	}
	p.scanning[cl] = true
	s := p.scan(p.cursor(cl.Body), cl, false, samePkg)
	delete(p.scanning, cl)
	if s != nil {
		found(call.Pos(), "", "call of %s, which can panic: %s", v.Name(), s.String(p.pass.Fset))
	}
}

// mapWrite reports a write to a map that is certainly nil: a local
// variable declared without a value and never assigned.
func (p *panics) mapWrite(encl ast.Node, lhs ast.Expr, found func(token.Pos, string, string, ...any)) {
	info := p.pass.TypesInfo
	ix, ok := ast.Unparen(lhs).(*ast.IndexExpr)
	if !ok {
		return
	}
	if _, isMap := typesx.Underlying(info, ix.X).(*types.Map); !isMap {
		return
	}
	id, ok := ast.Unparen(ix.X).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pos() < encl.Pos() || v.Pos() >= encl.End() || !declaredNil(encl, info, v) {
		return
	}
	found(ix.Lbrack, "", "write to the nil map %s", id.Name)
}

// declaredNil reports whether v, a local variable of encl, is declared
// without a value (var m map[K]V) and never assigned or has its address
// taken.
func declaredNil(encl ast.Node, info *types.Info, v *types.Var) bool {
	nilDecl, assigned := false, false
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, name := range n.Names {
				if info.Defs[name] == v && len(n.Values) == 0 {
					nilDecl = true
				}
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					assigned = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				assigned = true
			}
		}
		return !assigned
	})
	return nilDecl && !assigned
}

// bounded reports whether an index (or slice bound) idx into x is known
// to be in range, by the idioms that keep it so: idx is computed from
// len(x) (x[len(x)-1]), is the key of a range over x, the body asks for
// len(x) before (a check, or a loop condition), idx was returned by a
// call that was handed x (n, _ := r.Read(buf); buf[:n]), or idx is a
// parameter of the unexported function encl for which every call passes
// a constant (see visible.constParam).
func (p *panics) bounded(body *ast.BlockStmt, encl ast.Node, x, idx ast.Expr, at token.Pos) bool {
	info := p.pass.TypesInfo
	if _, isDecl := encl.(*ast.FuncDecl); isDecl && p.visibleValues().constParam(encl, idx) {
		return true
	}
	key := indexKey(info, x)
	if key == "" {
		return false // strings.Split(s, ",")[i]
	}
	var idxVar types.Object
	if id, ok := ast.Unparen(idx).(*ast.Ident); ok {
		idxVar = info.Uses[id]
	}
	isLen := func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		b, isB := typeutil.Callee(info, call).(*types.Builtin)
		return isB && (b.Name() == "len" || b.Name() == "cap") && len(call.Args) == 1 && indexKey(info, call.Args[0]) == key
	}
	if idxVar != nil && p.rangeBounded(key, x, idxVar) {
		return true
	}
	if p.foundGuarded(body, key, idx, at) {
		return true
	}
	ok := false
	// x[len(x)-1], s[:len(s)-n]: computed from x's own length.
	ast.Inspect(idx, func(n ast.Node) bool {
		ok = ok || isLen(n)
		return !ok
	})
	ast.Inspect(body, func(n ast.Node) bool {
		if ok || n == nil || n.Pos() >= at {
			return false
		}
		switch n := n.(type) {
		case *ast.RangeStmt:
			if id, isID := n.Key.(*ast.Ident); isID && idxVar != nil && info.Defs[id] == idxVar && indexKey(info, n.X) == key {
				ok = true
			}
		case *ast.CallExpr:
			ok = isLen(n)
		case *ast.AssignStmt:
			if idxVar == nil || len(n.Rhs) != 1 {
				break
			}
			call, isCall := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !isCall {
				break
			}
			for _, l := range n.Lhs {
				if id, isID := l.(*ast.Ident); isID && info.ObjectOf(id) == idxVar {
					for _, a := range call.Args {
						if indexKey(info, a) == key {
							ok = true
						}
					}
				}
			}
		}
		return !ok
	})
	if !ok {
		if lit, isLit := encl.(*ast.FuncLit); isLit {
			// A goroutine's literal indexing a value its starter
			// captured: the starter asking for its len() before the go
			// statement counts too (end = min(end, len(xs)); go func()
			// { for j := start; j < end; j++ { use(xs[j]) } }()).
			if fd := p.declAround(lit); fd != nil {
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if ok || n == nil || n.Pos() >= lit.Pos() {
						return false
					}
					ok = isLen(n)
					return !ok
				})
			}
		}
	}
	return ok
}

// declAround returns the function declaration n is in, or nil.
func (p *panics) declAround(n ast.Node) *ast.FuncDecl {
	for _, fd := range p.m.FuncDecls() {
		if fd.Decl.Body != nil && fd.Decl.Body.Pos() <= n.Pos() && n.End() <= fd.Decl.Body.End() {
			return fd.Decl
		}
	}
	return nil
}

// contextValue reports whether x is a value read from a request context
// (ctx.Value(k), c.Get(k), c.MustGet(k)) or from a sync.Pool
// (bufPool.Get()), or a variable of encl set from one: the application's
// own middleware stores it, or its own pool's New makes it, with a fixed
// type, so an assertion on it fails on every request or never, and
// testing finds the first (alist's utils.CopyWithBuffer:
// IoBuffPool.Get().([]byte)).
func (p *panics) contextValue(encl ast.Node, x ast.Expr) bool {
	info := p.pass.TypesInfo
	isRead := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		recv := fn.Type().(*types.Signature).Recv()
		if recv == nil {
			// heap.Pop(h).(*item): the documented idiom; the heap holds
			// what its own Push stored.
			return fn.Pkg().Path() == "container/heap" && (fn.Name() == "Pop" || fn.Name() == "Remove")
		}
		switch fn.Name() {
		case "Value":
			return fn.Pkg().Path() == "context" || p.m.Table().Lookup(recv.Type()) != nil
		case "Get":
			return goroutine.IsNamed(recv.Type(), "sync", "Pool") || p.m.Table().Lookup(recv.Type()) != nil
		case "Load":
			// An atomic.Value, which itself panics when stored values
			// of different types. (A sync.Map or a cache holds what the
			// package stores: fromOwnStore.)
			return goroutine.IsNamed(recv.Type(), "sync/atomic", "Value")
		case "MustGet":
			return p.m.Table().Lookup(recv.Type()) != nil
		}
		return false
	}
	if isRead(x) {
		return true
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	v := info.Uses[id]
	if v == nil {
		return false
	}
	set := false
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && len(n.Lhs) > 0 {
				if l, ok := n.Lhs[0].(*ast.Ident); ok && info.ObjectOf(l) == v && isRead(n.Rhs[0]) {
					set = true
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && len(n.Names) > 0 && info.Defs[n.Names[0]] == v && isRead(n.Values[0]) {
				set = true
			}
		}
		return !set
	})
	return set
}

// assignedOnce deletes from m the keys not assigned exactly once.
func assignedOnce[K comparable, V any](m map[K]V, count map[K]int) {
	for k := range m {
		if count[k] != 1 {
			delete(m, k)
		}
	}
}

// switchedTo reports whether the type assertion x.(T) at c is in a case
// of a type switch on the same x that lists T: it cannot fail (switch
// b.(type) { case W: use(b.(W)) }).
func switchedTo(info *types.Info, c inspector.Cursor, ta *ast.TypeAssertExpr) bool {
	want := info.TypeOf(ta.Type)
	if want == nil {
		return false
	}
	for cur := c.Parent(); cur.Node() != nil; cur = cur.Parent() {
		clause, ok := cur.Node().(*ast.CaseClause)
		if !ok {
			continue
		}
		sw, ok := cur.Parent().Parent().Node().(*ast.TypeSwitchStmt)
		if !ok {
			continue
		}
		var subj ast.Expr
		switch a := sw.Assign.(type) {
		case *ast.ExprStmt:
			if t, ok := a.X.(*ast.TypeAssertExpr); ok {
				subj = t.X
			}
		case *ast.AssignStmt:
			if len(a.Rhs) == 1 {
				if t, ok := a.Rhs[0].(*ast.TypeAssertExpr); ok {
					subj = t.X
				}
			}
		}
		if subj == nil || switchKey(info, subj) == "" || switchKey(info, subj) != switchKey(info, ta.X) {
			continue
		}
		for _, e := range clause.List {
			if t := info.TypeOf(e); t != nil && types.Identical(t, want) {
				return true
			}
		}
	}
	return false
}

// switchKey is goroutine.ExprKey, extended to a method called without
// arguments on a value that has one (v.Interface(), in photoprism's
// switch fieldValue.Interface().(type) { case time.Time:
// fieldValue.Interface().(time.Time) }).
func switchKey(info *types.Info, e ast.Expr) string {
	if k := goroutine.ExprKey(info, e); k != "" {
		return k
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if fn, ok := info.Uses[sel.Sel].(*types.Func); !ok || fn.Type().(*types.Signature).Recv() == nil {
		return ""
	}
	if k := goroutine.ExprKey(info, sel.X); k != "" {
		return k + "." + sel.Sel.Name + "()"
	}
	return ""
}

// commaOK reports whether the type assertion at c is the value of a
// two-value assignment (v, ok := x.(T)).
func commaOK(c inspector.Cursor) bool {
	parent := c.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		parent = parent.Parent()
	}
	switch n := parent.Node().(type) {
	case *ast.AssignStmt:
		return len(n.Lhs) == 2 && len(n.Rhs) == 1
	case *ast.ValueSpec:
		return len(n.Names) == 2 && len(n.Values) == 1
	}
	return false
}

// isIndexable reports whether indexing a value of type t can plausibly
// go out of range: a slice or a string. Not a map, nor an array: arrays
// are fixed tables, indexed by the constants of an enumeration.
func isIndexable(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

func isConst(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil
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

// websocketPkgs are gorilla/websocket and its forks: "Connections support
// one concurrent reader and one concurrent writer"; a second concurrent
// writer makes the package panic ("concurrent write to websocket
// connection").
var websocketPkgs = map[string]bool{
	"github.com/gorilla/websocket":       true,
	"github.com/fasthttp/websocket":      true,
	"github.com/hertz-contrib/websocket": true,
}

// isWebsocketWrite reports whether fn writes a message on a websocket
// connection. WriteControl may be called concurrently, and is not one.
func isWebsocketWrite(fn *types.Func) bool {
	if fn.Pkg() == nil || !websocketPkgs[fn.Pkg().Path()] {
		return false
	}
	switch fn.Name() {
	case "WriteMessage", "WriteJSON", "NextWriter", "WritePreparedMessage":
		return fn.Type().(*types.Signature).Recv() != nil
	}
	return false
}

// isImageDecoder reports whether fn decodes an image from a reader:
// image.Decode and DecodeConfig, and the Decode functions of the image
// format packages (std and golang.org/x/image).
func isImageDecoder(fn *types.Func) bool {
	if fn.Type().(*types.Signature).Recv() != nil {
		return false
	}
	path := fn.Pkg().Path()
	if path == "github.com/disintegration/imaging" {
		return fn.Name() == "Decode" || fn.Name() == "Open" // image.Decode underneath
	}
	if fn.Name() != "Decode" && fn.Name() != "DecodeConfig" {
		return false
	}
	return path == "image" || strings.HasPrefix(path, "image/") || strings.HasPrefix(path, "golang.org/x/image/")
}

// namedFunc returns the function e names (f, pkg.F, a concrete method
// value x.M), or nil.
func namedFunc(info *types.Info, e ast.Expr) *types.Func {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[e].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if s := info.Selections[e]; s != nil && (s.Kind() != types.MethodVal || types.IsInterface(s.Recv())) {
			return nil // a field, a method expression, an interface's method
		}
		fn, _ := info.Uses[e.Sel].(*types.Func)
		return fn
	}
	return nil
}

// rangeBounded reports whether idx, an index into x (key its ExprKey), is
// the key of a range over x, or over what x was made as long as: the
// fan-out idiom, results := make([]T, len(xs)); for i := range xs { go
// func(i int) { results[i] = f(xs[i]) }(i) }. idx may be that key
// itself (captured: a variable per iteration since Go 1.22) or the
// parameter of the literal called with it.
func (p *panics) rangeBounded(key string, x ast.Expr, idx types.Object) bool {
	info := p.pass.TypesInfo
	for range 3 {
		arg, ok := p.litArgs[idx]
		if !ok {
			break
		}
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok || info.Uses[id] == nil {
			return false
		}
		idx = info.Uses[id]
	}
	r := p.rangeKeys[idx]
	if r == nil {
		return false
	}
	overX := r.X
	over := indexKey(info, overX)
	if over == "" {
		return false
	}
	if over == key {
		return true
	}
	n := p.madeLen(x)
	if n == nil {
		return false
	}
	if m := p.madeLen(overX); m != nil && lenKey(info, m) != "" && lenKey(info, m) == lenKey(info, n) {
		return true // both made as long: make([]T, len(cols)) twice
	}
	if t := info.TypeOf(overX); t != nil {
		if b, isBasic := t.Underlying().(*types.Basic); isBasic && b.Info()&types.IsInteger != 0 {
			return indexKey(info, n) == over // for i := range n, make([]T, n)
		}
	}
	call, ok := ast.Unparen(n).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, isB := typeutil.Callee(info, call).(*types.Builtin)
	return isB && b.Name() == "len" && indexKey(info, call.Args[0]) == over
}

// madeLen returns the length x, a variable or a field, was made with
// (x := make([]T, n), x.f = make([]T, n), assigned once), or nil.
func (p *panics) madeLen(x ast.Expr) ast.Expr {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return makeLen(p.pass.TypesInfo, p.onceVals[p.pass.TypesInfo.Uses[x]])
	case *ast.SelectorExpr:
		return p.makeLenKeys[indexKey(p.pass.TypesInfo, x)]
	}
	return nil
}

// makeLen returns n if e is make(T, n) or make(T, n, c) of a slice; nil
// otherwise.
func makeLen(info *types.Info, e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) < 2 {
		return nil
	}
	if b, isB := typeutil.Callee(info, call).(*types.Builtin); !isB || b.Name() != "make" {
		return nil
	}
	if t := info.TypeOf(call.Args[0]); t == nil {
		return nil
	} else if _, isSlice := t.Underlying().(*types.Slice); !isSlice {
		return nil
	}
	return call.Args[1]
}

// foundGuarded reports whether idx (an index or slice bound into the
// value whose ExprKey is key) is the result of searching that value
// (strings.Index(s, sep), strings.LastIndex, bytes.Index...), directly or
// through a variable set from one, and the body checks, before at, that
// the search succeeds: strings.Contains(s, sep) or its kin on the same
// value (if strings.Contains(dir, "/") { dir[strings.LastIndex(dir,
// "/"):] }), or a comparison of that variable (if i :=
// strings.LastIndex(s, "/"); i != -1 { s = s[i+1:] }).
func (p *panics) foundGuarded(body *ast.BlockStmt, key string, idx ast.Expr, at token.Pos) bool {
	info := p.pass.TypesInfo
	searchOf := func(n ast.Node, prefixes ...string) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "strings" && fn.Pkg().Path() != "bytes" {
			return false
		}
		for _, pre := range prefixes {
			if strings.HasPrefix(fn.Name(), pre) {
				return indexKey(info, call.Args[0]) == key
			}
		}
		return false
	}
	search := false
	// vars are the variables of idx set from a search of the value (if i
	// := strings.LastIndex(s, "/"); i != -1 { s = s[i+1:] }).
	vars := map[types.Object]bool{}
	ast.Inspect(idx, func(n ast.Node) bool {
		search = search || searchOf(n, "Index", "LastIndex")
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] != nil {
			vars[info.Uses[id]] = false
		}
		return !search
	})
	if !search && len(vars) > 0 {
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil || n.Pos() >= at {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok {
					if _, tracked := vars[info.ObjectOf(id)]; tracked && searchOf(ast.Unparen(as.Rhs[0]), "Index", "LastIndex") {
						vars[info.ObjectOf(id)] = true
						search = true
					}
				}
			}
			return true
		})
	}
	if !search {
		return false
	}
	guarded := false
	ast.Inspect(body, func(n ast.Node) bool {
		if guarded || n == nil || n.Pos() >= at {
			return false
		}
		if b, ok := n.(*ast.BinaryExpr); ok && b.Op.Precedence() == token.EQL.Precedence() {
			// i != -1, i >= 0: the result of the search is checked.
			for _, e := range []ast.Expr{b.X, b.Y} {
				if id, ok := ast.Unparen(e).(*ast.Ident); ok && vars[info.Uses[id]] {
					guarded = true
				}
			}
		}
		guarded = guarded || searchOf(n, "Contains", "HasPrefix", "HasSuffix")
		return !guarded
	})
	return guarded
}

// closesAfterSenders reports whether the close of ch at cur waits for the
// senders first: in its block, a statement before it calls a Wait method
// (wg.Wait(); close(ch), the fan-in idiom) or loops receiving from ch.
func closesAfterSenders(info *types.Info, cur inspector.Cursor, ch types.Object) bool {
	stmt := cur.Parent()
	block, ok := stmt.Parent().Node().(*ast.BlockStmt)
	if !ok {
		return false
	}
	for _, st := range block.List {
		if st == stmt.Node() {
			break
		}
		waits := false
		goroutine.InspectNoLits(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" {
					waits = true
				}
			case *ast.ForStmt, *ast.RangeStmt:
				ast.Inspect(n, func(m ast.Node) bool {
					switch m := m.(type) {
					case *ast.UnaryExpr:
						if m.Op == token.ARROW && objKey(info, m.X) == ch {
							waits = true
						}
					case *ast.RangeStmt:
						if objKey(info, m.X) == ch {
							waits = true
						}
					}
					return !waits
				})
			}
			return !waits
		})
		if waits {
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
func (p *panics) closedAfter(encl ast.Node, call *ast.CallExpr, closedAt token.Pos) bool {
	if !closedAt.IsValid() || encl == nil || closedAt < encl.Pos() || closedAt >= encl.End() {
		return false
	}
	// A close in a literal encl defers (not in a loop) runs after the
	// rest of encl; elsewhere, after call if it comes after it.
	deferred := false
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == encl || !p.launched[n]
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
			if p.launched[n] && n.Pos() <= closedAt && closedAt < n.End() && !(n.Pos() <= call.Pos() && call.End() <= n.End()) {
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
func (p *panics) closedByOnlyCaller(encl ast.Node, pos token.Pos) bool {
	closer := p.deferredCloses[pos]
	if closer == nil {
		return false
	}
	if lit, ok := encl.(*ast.FuncLit); ok && !p.launched[lit] {
		// A closure of the closer that runs on its goroutine (finish :=
		// func() { ch <- done }): its sends come before the deferred close.
		return p.declAround(lit) == closer
	}
	decl, ok := encl.(*ast.FuncDecl)
	if !ok {
		return false
	}
	fn, ok := p.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return false
	}
	calls, ok := p.visibleValues().allCalls(fn)
	if !ok {
		return false
	}
	for _, call := range calls {
		if call.Pos() < closer.Pos() || call.End() > closer.End() || p.goCalls[call] {
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
func (p *panics) sequencedBefore(pos token.Pos, lit ast.Node) bool {
	if _, ok := lit.(*ast.FuncLit); !ok || pos >= lit.Pos() {
		return false
	}
	if fd := p.declAround(lit); fd != nil && fd.Body.Pos() <= pos {
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

// isDefaultTransport reports whether e is http.DefaultTransport, a
// *http.Transport unless the program replaces it: the
// http.DefaultTransport.(*http.Transport).Clone() idiom.
func isDefaultTransport(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Name() == "DefaultTransport"
}

// lenKey identifies a length: len(x) by x's ExprKey, anything else by its
// own ("" if it has none).
func lenKey(info *types.Info, e ast.Expr) string {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if b, isB := typeutil.Callee(info, call).(*types.Builtin); isB && b.Name() == "len" {
			if k := indexKey(info, call.Args[0]); k != "" {
				return "len(" + k + ")"
			}
		}
		return ""
	}
	return indexKey(info, e)
}

// indexKey is goroutine.ExprKey extended to the elements of an index by a
// variable, and their fields (resp.Values[col], out[i].Images): the
// values whose bounds an index check speaks of.
func indexKey(info *types.Info, e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		if x, i := indexKey(info, e.X), goroutine.ExprKey(info, e.Index); x != "" && i != "" {
			return x + "[" + i + "]"
		}
		return ""
	case *ast.SelectorExpr:
		if _, isIndex := ast.Unparen(e.X).(*ast.IndexExpr); isIndex {
			if x := indexKey(info, e.X); x != "" {
				return x + "." + e.Sel.Name
			}
			return ""
		}
	}
	return goroutine.ExprKey(info, e)
}

// closure returns the function literal the local variable v is assigned
// once (finish := func() {...}), or nil.
func (p *panics) closure(v types.Object) *ast.FuncLit {
	lit, _ := ast.Unparen(p.onceVals[v]).(*ast.FuncLit)
	return lit
}
