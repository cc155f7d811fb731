package gorecover

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// An Op is a partial operation: one that panics on some values.
type Op int

const (
	OpIndex      Op = iota + 1 // x[i] out of range
	OpSlice                    // x[i:j] out of range
	OpAssert                   // x.(T) of another type
	OpDivide                   // x / n, x % n by zero
	OpNilDeref                 // a field, method or call of a nil lookup result
	OpNilMap                   // a write to a map never made
	OpAPI                      // an API that panics on bad data (regexp.MustCompile)
	OpPanic                    // panic under a condition on the data
	OpPanicker                 // a -gorecover.panickers function
	OpRegistered               // a function registered through the package's API
	OpClosedSend               // a send on a channel closed elsewhere
	OpWebsocket                // a websocket write concurrent with another
)

var opWords = map[Op]string{
	OpIndex:      "index out of range",
	OpSlice:      "slice bounds out of range",
	OpAssert:     "type assertion without comma-ok",
	OpDivide:     "division by zero",
	OpNilDeref:   "nil dereference of a lookup that found nothing",
	OpNilMap:     "write to a nil map",
	OpAPI:        "call of %s",
	OpPanic:      "panic",
	OpPanicker:   "call of %s (-gorecover.panickers)",
	OpRegistered: "call of %s, a function the package's callers register (a handler, hook or plugin: code it does not control)",
	OpClosedSend: "send on a channel closed at %s",
	OpWebsocket:  "websocket write that can run concurrently with the one at %s (gorilla/websocket panics on concurrent writes)",
}

// aboutData reports whether the operation fails on the data it is given
// (not on the program's own state: a map never made, a channel closed
// elsewhere, a concurrent write, code it does not control).
func (o Op) aboutData() bool {
	switch o {
	case OpIndex, OpSlice, OpAssert, OpDivide, OpNilDeref, OpAPI, OpPanic:
		return true
	}
	return false
}

// A Site is a partial operation a function can reach unguarded.
type Site struct {
	Op    Op
	At    goroutine.Pos
	Func  string        // the function it is in: "pkg.parse"
	Name  string        // the API, function or field, for OpAPI, OpPanicker, OpRegistered
	Other goroutine.Pos // the close (OpClosedSend) or the other write (OpWebsocket)
}

// A Why is why a goroutine can panic, as data (the reason a StartsFact
// carries): a site in its own body, or a function it runs.
type Why struct {
	Via    Via
	Callee string        // the function run (or, for ViaBody, called at At; "" for the body's own operation)
	At     goroutine.Pos // ViaBody: where in the goroutine's body
	Site   Site          // the partial operation (none for ViaConfigured)
}

// A Via is how a goroutine reaches what can panic.
type Via uint8

const (
	ViaBody       Via = iota + 1 // in its own body
	ViaCall                      // the function it runs can panic whatever its arguments
	ViaGiven                     // the function it runs panics on the data it is given
	ViaConfigured                // the function it runs is one of -gorecover.panickers
)

// String renders w for messages: "parse can panic (...)".
func (w Why) String() string {
	switch w.Via {
	case ViaBody:
		return "it can panic: " + w.body()
	case ViaCall:
		return fmt.Sprintf("%s can panic (%s)", w.Callee, w.Site)
	case ViaGiven:
		return fmt.Sprintf("%s can panic on the data it is given (%s)", w.Callee, w.Site)
	case ViaConfigured:
		return fmt.Sprintf("%s can panic (configured in -%s.%s)", w.Callee, name, FlagPanickers)
	}
	return ""
}

// body words a site met in a goroutine's body: "h.go:12: index out of
// range on data ..." or "h.go:12: call of parse, which can panic: ...".
func (w Why) body() string {
	if w.Callee != "" {
		return fmt.Sprintf("%s: call of %s, which can panic: %s", w.At, w.Callee, w.Site)
	}
	s := w.At.String() + ": " + w.Site.words()
	if w.Site.Op.aboutData() {
		s += " on data the program does not control"
	}
	return s
}

func (s Site) String() string {
	return fmt.Sprintf("%s in %s at %s", s.words(), s.Func, s.At)
}

// words says what the operation is, without where.
func (s Site) words() string {
	w := opWords[s.Op]
	switch s.Op {
	case OpAPI, OpPanicker, OpRegistered:
		w = fmt.Sprintf(w, s.Name)
	case OpClosedSend, OpWebsocket:
		w = fmt.Sprintf(w, s.Other)
	}
	return w
}

// A found is a site met in a body, with the flow.Label of the data that
// decides it (flow.Ext for sites that do not depend on data) and, for a call,
// the callee it goes through.
type found struct {
	site   Site
	pos    token.Pos
	label  flow.Label
	callee *types.Func
	// closedAt is the close of an OpClosedSend in this package.
	closedAt token.Pos
}

// sites walks body, a function's body in env e, and calls add for every
// partial operation it reaches whose data has a flow.Label, unguarded. Nested
// literals are walked when called on the spot or deferred; a literal run
// on a goroutine of its own, or stored, is not this body's.
func (e *env) sites(body *ast.BlockStmt, encl ast.Node, add func(found)) {
	cur, ok := e.d.cursor(body)
	if !ok {
		return
	}
	info := e.d.pass.TypesInfo
	fname := e.d.funcName(encl)
	at := func(pos token.Pos, op Op, l flow.Label) found {
		return found{site: Site{Op: op, At: goroutine.PosOf(e.d.pass.Fset, pos), Func: fname}, pos: pos, label: l}
	}
	cur.Inspect(nil, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			call, ok := c.Parent().Node().(*ast.CallExpr)
			return ok && ast.Unparen(call.Fun) == n && !e.d.launched[n]
		case *ast.IndexExpr:
			if l := e.indexLabel(n.X, n.Index); l != 0 && !e.guarded(n.Pos(), n.X, n.Index) && !e.inRange(n.X, n.Index) && !e.firstOfSplit(n) {
				add(at(n.Lbrack, OpIndex, l))
			} else if l := e.MayBeNil(n); l != 0 && e.derefs(c) && !e.guarded(n.Pos(), n) {
				add(at(n.Lbrack, OpNilDeref, l))
			}
		case *ast.SliceExpr:
			for _, b := range []ast.Expr{n.Low, n.High, n.Max} {
				if b != nil {
					e.bounds[b] = struct{}{}
				}
			}
			for _, b := range []ast.Expr{n.Low, n.High, n.Max} {
				if b == nil {
					continue
				}
				if l := e.indexLabel(n.X, b); l != 0 && !e.guarded(n.Pos(), n.X, b) && !e.inRange(n.X, b) {
					add(at(n.Lbrack, OpSlice, l))
					break
				}
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil && !isCommaOK(c) && !e.implied(n) && !e.Typed(n.X) {
				if l := e.Label(n.X); l != 0 && !e.guarded(n.Pos(), n.X) {
					add(at(n.Lparen, OpAssert, l))
				}
			}
		case *ast.BinaryExpr:
			if (n.Op == token.QUO || n.Op == token.REM) && isInteger(info.TypeOf(n.Y)) {
				if l := e.Label(n.Y); l != 0 && !e.guarded(n.Pos(), n.Y) {
					add(at(n.OpPos, OpDivide, l))
				}
			}
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && e.IsNil(v) && e.derefs(c) && !e.guarded(n.Pos(), n) {
				add(at(n.Pos(), OpNilDeref, e.nilLabel(v)))
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if e.nilMapWrite(lhs) {
					add(at(lhs.Pos(), OpNilMap, flow.Ext))
				}
			}
		case *ast.IncDecStmt:
			if e.nilMapWrite(n.X) {
				add(at(n.X.Pos(), OpNilMap, flow.Ext))
			}
		case *ast.SendStmt:
			if f, ok := e.d.closedSend(n, encl); ok {
				f.site.Func = fname
				add(f)
			}
		case *ast.CallExpr:
			if !e.d.goCalls[n] {
				e.callSites(c, n, encl, fname, add)
			}
		}
		return true
	})
}

// indexLabel is the flow.Label of an index or slice bound idx into x: a
// client-chosen index, or any computed or constant index into data the
// client chose the length of. Maps and arrays indexed by a constant
// cannot go out of range.
func (e *env) indexLabel(x, idx ast.Expr) flow.Label {
	info := e.d.pass.TypesInfo
	t := flow.Underlying(info, x)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	tv, isConst := info.Types[idx]
	if isConst && tv.Value != nil && tv.Value.ExactString() == "0" && e.isBound(idx) {
		return 0 // x[:0], x[0:0]: in range of any length
	}
	if e.isBound(idx) && e.partBound(x, idx) {
		return 0
	}
	switch t := t.(type) {
	case *types.Slice:
		if isConst && tv.Value != nil && e.submatch(x) {
			return 0 // the program's pattern fixed its length
		}
		if e.Built(x) {
			// The program chose its length: only an index the data
			// chose can be out of range (x[len(x)-1] is the program's).
			return e.ownLen(idx, x)
		}
	case *types.Basic:
		if t.Info()&types.IsString == 0 {
			return 0
		}
		if e.Built(x) {
			return e.ownLen(idx, x) // hex.EncodeToString(digest[:])[:8]
		}
	case *types.Array:
		if tv, ok := info.Types[idx]; ok && tv.Value != nil {
			return 0
		}
		return e.Label(idx)
	default:
		return 0
	}
	return e.Label(idx) | e.Label(x)
}

// ownLen is the label of idx, an index into x, but for x's own length
// (len(x)-1 is as the program made x).
func (e *env) ownLen(idx, x ast.Expr) flow.Label {
	if b, ok := ast.Unparen(idx).(*ast.BinaryExpr); ok {
		return e.ownLen(b.X, x) | e.ownLen(b.Y, x)
	}
	if y, ok := e.lenOf(idx, "len", "cap"); ok && flow.SamePath(e.d.pass.TypesInfo, y, x) {
		return 0
	}
	return e.Label(idx)
}

// lenOf returns y if e is a call of one of the builtins (len(y)).
func (e *env) lenOf(x ast.Expr, builtins ...string) (ast.Expr, bool) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	b, ok := typeutil.Callee(e.d.pass.TypesInfo, call).(*types.Builtin)
	return call.Args[0], ok && slices.Contains(builtins, b.Name())
}

// isBound reports whether idx is a bound of a slice expression (not an
// index: x[0] is out of range of an empty x, x[:0] never is).
func (e *env) isBound(idx ast.Expr) bool {
	_, ok := e.bounds[idx]
	return ok
}

// submatch reports whether x is an element of what a regexp's
// FindAll*Submatch returned (ranged over, or indexed): its length is one
// more than the number of groups of the program's pattern, whatever the
// input.
func (e *env) submatch(x ast.Expr) bool {
	info := e.d.pass.TypesInfo
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			return false
		}
		defs := e.d.index.Defs(v)
		if len(defs) != 1 || defs[0].Kind != flow.RangeValue && defs[0].Kind != flow.Value {
			return false
		}
		if defs[0].Kind == flow.RangeValue {
			return e.submatches(defs[0].Rhs)
		}
		x = ast.Unparen(defs[0].Rhs)
	}
	ix, ok := x.(*ast.IndexExpr)
	return ok && e.submatches(ix.X)
}

// submatches reports whether x is a call of a FindAll*Submatch method.
func (e *env) submatches(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(e.d.pass.TypesInfo, call).(*types.Func)
	return fn != nil && apis.DataRole(fn) == apis.Submatches
}

// firstOfSplit reports whether n is element 0 of a split (strings.Split
// and its kin return one element at least).
func (e *env) firstOfSplit(n *ast.IndexExpr) bool {
	if tv, ok := e.d.pass.TypesInfo.Types[n.Index]; !ok || tv.Value == nil || tv.Value.ExactString() != "0" {
		return false
	}
	_, fn := e.callOf(n.X)
	return fn != nil && apis.DataRole(fn) == apis.NonEmpty
}

// callOf is the call x is, directly or as a variable set once, and its
// callee.
func (e *env) callOf(x ast.Expr) (*ast.CallExpr, *types.Func) {
	info := e.d.pass.TypesInfo
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := info.Uses[id].(*types.Var); ok {
			if rhs, ok := e.d.index.Once(v); ok {
				x = ast.Unparen(rhs)
			}
		}
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return call, fn
}

// partBound reports whether the slice bound b of x is within x's length
// by construction: len(x), the length of a part of x, or len(x) minus
// it (s[:len(s)-len(filepath.Ext(s))]).
func (e *env) partBound(x, b ast.Expr) bool {
	same := func(y ast.Expr) bool { return flow.SamePath(e.d.pass.TypesInfo, y, x) }
	part := func(y ast.Expr) bool {
		call, fn := e.callOf(y)
		return fn != nil && apis.DataRole(fn) == apis.Part && len(call.Args) > 0 && same(call.Args[0])
	}
	if y, ok := e.lenOf(b, "len"); ok {
		return same(y) || part(y)
	}
	if d, ok := ast.Unparen(b).(*ast.BinaryExpr); ok && d.Op == token.SUB {
		y, ok1 := e.lenOf(d.X, "len")
		z, ok2 := e.lenOf(d.Y, "len")
		return ok1 && ok2 && same(y) && part(z)
	}
	return false
}

// implied reports whether an assertion to an interface cannot fail on a
// value: its static type already has the interface's methods
// (resp.Body.(io.Reader)).
func (e *env) implied(n *ast.TypeAssertExpr) bool {
	info := e.d.pass.TypesInfo
	t, x := info.TypeOf(n.Type), info.TypeOf(n.X)
	if t == nil || x == nil {
		return false // ill-typed code
	}
	target, ok := t.Underlying().(*types.Interface)
	return ok && types.Implements(x, target)
}

func isInteger(t types.Type) bool {
	if t == nil {
		return false // ill-typed code
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func (e *env) nilLabel(v *types.Var) flow.Label {
	var l flow.Label
	for _, def := range e.d.index.Defs(v) {
		if def.Kind == flow.Value {
			l |= e.MayBeNil(def.Rhs)
		}
	}
	return l
}

// derefs reports whether the expression at c is used in a way that
// panics on nil: a field read through a pointer, a method call of an
// interface, a call of a function value, an explicit dereference.
func (e *env) derefs(c inspector.Cursor) bool {
	info := e.d.pass.TypesInfo
	x := c.Node().(ast.Expr)
	switch p := c.Parent().Node().(type) {
	case *ast.SelectorExpr:
		if p.X != x {
			return false
		}
		s := info.Selections[p]
		if s == nil {
			return false
		}
		if s.Kind() == types.FieldVal {
			_, ptr := flow.Underlying(info, x).(*types.Pointer)
			return ptr
		}
		return types.IsInterface(info.TypeOf(x))
	case *ast.StarExpr:
		return true
	case *ast.CallExpr:
		return p.Fun == x
	}
	return false
}

// nilMapWrite reports whether lhs writes into a map that is certainly
// nil: a local variable declared without a value and never assigned, or
// a field of the package's that no code of the package ever sets.
func (e *env) nilMapWrite(lhs ast.Expr) bool {
	info := e.d.pass.TypesInfo
	ix, ok := ast.Unparen(lhs).(*ast.IndexExpr)
	if !ok {
		return false
	}
	if _, isMap := flow.Underlying(info, ix.X).(*types.Map); !isMap {
		return false
	}
	p, ok := flow.PathOf(info, ix.X)
	if !ok {
		return false
	}
	if p.Steps == "" {
		return e.Local(p.Root) && len(e.d.index.Defs(p.Root)) == 0 && !e.d.index.AddrTaken(p.Root) && e.declaredEmpty(p.Root)
	}
	sel, ok := ast.Unparen(ix.X).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	f, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok {
		return false
	}
	stores := e.d.index.FieldStores(f)
	if len(stores) == 0 && f.Pkg() == e.d.pass.Pkg && (!f.Exported() || e.d.closedPkg()) {
		return true // no code of the package ever makes it, and no other can
	}
	// A variable set once by a literal that leaves the field out (s :=
	// &Stats{Name: n}), and whose field the package never sets through
	// it afterwards.
	root, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[root].(*types.Var)
	if !ok {
		return false
	}
	lit := e.d.index.OnceLiteral(v)
	if lit == nil || flow.Sets(info, lit, f) {
		return false
	}
	for _, st := range stores {
		if p, ok := flow.PathOf(info, st.Base); ok && p.Root == v {
			return false
		}
	}
	return true
}

// declaredEmpty reports whether v is declared by var v T without a value.
func (e *env) declaredEmpty(v *types.Var) bool {
	found := false
	ast.Inspect(e.Unit(), func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == 0 {
			for _, id := range vs.Names {
				if e.d.pass.TypesInfo.Defs[id] == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// isCommaOK reports whether the assertion at c is the comma-ok form, or
// a type switch's.
func isCommaOK(c inspector.Cursor) bool {
	switch p := c.Parent().Node().(type) {
	case *ast.AssignStmt:
		return len(p.Lhs) == 2
	case *ast.ValueSpec:
		return len(p.Names) == 2
	}
	return false
}
