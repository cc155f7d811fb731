package goexit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/loops"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// --- channels held by a per-request session ---

// A session channel is an unbuffered channel field of a struct the
// package makes per request (in a handler, or in a constructor a handler
// calls): a websocket or SSE session with a writer loop fed by s.out, a
// quit channel a Close method sends on. Its receivers are loops that can
// end on something else than the channel (a write error, another
// signal); once the loop has ended, the next blocking send on the field
// waits forever, one goroutine (or request) per session. A long-lived
// struct (made in main, at package level, or by a function no handler
// calls) is a background worker's business and is not reported.

// sessionField is what the package does with one channel field.
type sessionField struct {
	field *types.Var
	makes []inspector.Cursor // make(chan T) values stored in the field
	// unknown: the field is set from something else than an unbuffered
	// make, or used otherwise than by sends, receives, ranges, close,
	// len and cap (handed on, copied to a variable): someone we do not see
	// may receive from it.
	unknown bool
	sends   []*ast.SendStmt    // blocking sends (not in a select with another case)
	recvs   []inspector.Cursor // receives and ranges
}

func (c *checker) checkSessionChannels() {
	info := c.p.TypesInfo
	fields := map[*types.Var]*sessionField{}
	field := func(sel *ast.SelectorExpr) *sessionField {
		v, ok := info.Uses[sel.Sel].(*types.Var)
		if !ok || !v.IsField() || v.Pkg() != c.p.Pkg {
			return nil
		}
		if ch, ok := v.Type().Underlying().(*types.Chan); !ok || ch.Dir() != types.SendRecv {
			return nil
		}
		f := fields[v]
		if f == nil {
			f = &sessionField{field: v}
			fields[v] = f
		}
		return f
	}
	blocking := map[*ast.SendStmt]bool{}
	for _, fd := range c.m.FuncDecls() {
		c.eachBlockingSend(fd.Decl.Body, func(s *ast.SendStmt) { blocking[s] = true })
	}
	for cur := range c.p.Inspector().Root().Preorder((*ast.FuncLit)(nil)) {
		c.eachBlockingSend(cur.Node().(*ast.FuncLit).Body, func(s *ast.SendStmt) { blocking[s] = true })
	}
	root := c.p.Inspector().Root()
	// Values stored in fields by composite literals.
	for cur := range root.Preorder((*ast.KeyValueExpr)(nil)) {
		kv := cur.Node().(*ast.KeyValueExpr)
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || !v.IsField() || v.Pkg() != c.p.Pkg {
			continue
		}
		if _, ok := v.Type().Underlying().(*types.Chan); !ok {
			continue
		}
		f := fields[v]
		if f == nil {
			f = &sessionField{field: v}
			fields[v] = f
		}
		c.noteStore(f, cur, kv.Value)
	}
	for cur := range root.Preorder((*ast.SelectorExpr)(nil)) {
		sel := cur.Node().(*ast.SelectorExpr)
		f := field(sel)
		if f == nil {
			continue
		}
		parent := cur.Parent()
		switch p := parent.Node().(type) {
		case *ast.SendStmt:
			if p.Chan == ast.Expr(sel) {
				if blocking[p] {
					f.sends = append(f.sends, p)
				}
				continue
			}
		case *ast.UnaryExpr:
			if p.Op == token.ARROW {
				f.recvs = append(f.recvs, parent)
				continue
			}
		case *ast.RangeStmt:
			if p.X == ast.Expr(sel) {
				f.recvs = append(f.recvs, parent)
				continue
			}
		case *ast.CallExpr:
			if isBuiltin(info, p, "close") || isBuiltin(info, p, "len") || isBuiltin(info, p, "cap") {
				continue
			}
		case *ast.AssignStmt:
			if i := lhsIndex(p, sel); i >= 0 {
				if len(p.Rhs) == len(p.Lhs) {
					c.noteStore(f, parent, p.Rhs[i])
				} else {
					f.unknown = true
				}
				continue
			}
		}
		f.unknown = true
	}
	for _, f := range fields {
		if f.unknown || len(f.makes) == 0 || len(f.sends) == 0 || len(f.recvs) == 0 || !c.perRequest(f) {
			continue
		}
		exits := c.receiverExits(f)
		if exits == nil {
			continue
		}
		reported := map[ast.Node]bool{}
		for _, s := range f.sends {
			cur, ok := root.FindNode(s)
			if !ok {
				continue
			}
			fn := astx.EnclosingFunc(cur)
			if fn == nil || reported[fn] {
				continue
			}
			reported[fn] = true
			c.reportSessionSend(f, s, exits)
		}
	}
}

func lhsIndex(as *ast.AssignStmt, e ast.Expr) int {
	for i, l := range as.Lhs {
		if l == e {
			return i
		}
	}
	return -1
}

// noteStore records a value stored in the field: an unbuffered make, or
// something we cannot follow.
func (c *checker) noteStore(f *sessionField, at inspector.Cursor, val ast.Expr) {
	call := c.makeChan(val)
	if call == nil {
		if id, ok := ast.Unparen(val).(*ast.Ident); ok && id.Name == "nil" {
			return // s.out = nil: a nil channel blocks for good, not our shape
		}
		f.unknown = true
		return
	}
	if len(call.Args) > 1 {
		tv := c.p.TypesInfo.Types[call.Args[1]]
		if tv.Value == nil || tv.Value.String() != "0" {
			f.unknown = true // buffered: the sends may all fit
			return
		}
	}
	f.makes = append(f.makes, at)
}

// perRequest reports whether every place that makes the field's channel
// runs per request: in a handler, or in a function (a constructor) that
// only handlers call — not in main, init, at package level, or in a
// function nothing in the package calls from a handler.
func (c *checker) perRequest(f *sessionField) bool {
	for _, at := range f.makes {
		if c.m.RequestHandlerAt(at) != nil {
			continue
		}
		fd := astx.EnclosingDecl(at)
		if fd == nil || c.inMainOrInit(at) {
			return false
		}
		obj, ok := c.p.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok || !c.calledOnlyFromHandlers(obj) {
			return false
		}
	}
	return true
}

// calledOnlyFromHandlers reports whether fn is called in the package,
// and only inside request handlers.
func (c *checker) calledOnlyFromHandlers(fn *types.Func) bool {
	called := false
	for cur := range c.p.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		if typeutil.StaticCallee(c.p.TypesInfo, cur.Node().(*ast.CallExpr)) != fn {
			continue
		}
		if c.m.RequestHandlerAt(cur) == nil {
			return false
		}
		called = true
	}
	return called
}

// receiverExits returns, for a field every receive of which is in a loop
// that can end otherwise than on the channel's close (a return on a
// write error, a quit case), one such exit; nil if a receive is not in
// such a loop (a loop that drains until close, a one-off receive), when
// the sends may always find their receiver.
func (c *checker) receiverExits(f *sessionField) ast.Node {
	info := c.p.TypesInfo
	var first ast.Node
	for _, rc := range f.recvs {
		loop := loops.Enclosing(info, rc)
		if rs, ok := rc.Node().(*ast.RangeStmt); ok {
			loop = loops.New(info, rs, nil)
		}
		if loop == nil {
			return nil
		}
		exit, _ := loop.Exits()
		if exit == nil || c.onClose(f, loop, exit) {
			return nil
		}
		if first == nil {
			first = exit
		}
	}
	return first
}

// onClose reports whether exit is the loop's reaction to the field's
// channel being closed (v, ok := <-s.out; if !ok { return }).
func (c *checker) onClose(f *sessionField, loop *loops.Loop, exit ast.Node) bool {
	info := c.p.TypesInfo
	found := false
	ast.Inspect(loop.Stmt, func(n ast.Node) bool {
		is, ok := n.(*ast.IfStmt)
		if !ok || found || !(is.Body.Pos() <= exit.Pos() && exit.End() <= is.Body.End()) {
			return !found
		}
		u, ok := ast.Unparen(is.Cond).(*ast.UnaryExpr)
		if !ok || u.Op != token.NOT {
			return true
		}
		id, ok := ast.Unparen(u.X).(*ast.Ident)
		if !ok {
			return true
		}
		okVar := info.Uses[id]
		// ok defined by v, ok := <-s.field
		ast.Inspect(loop.Stmt, func(m ast.Node) bool {
			as, isAs := m.(*ast.AssignStmt)
			if !isAs || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
				return !found
			}
			okID, _ := as.Lhs[1].(*ast.Ident)
			r, isRecv := ast.Unparen(as.Rhs[0]).(*ast.UnaryExpr)
			if okID != nil && info.ObjectOf(okID) == okVar && isRecv && r.Op == token.ARROW {
				if sel, isSel := ast.Unparen(r.X).(*ast.SelectorExpr); isSel && info.Uses[sel.Sel] == types.Object(f.field) {
					found = true
				}
			}
			return !found
		})
		return !found
	})
	return found
}

func (c *checker) reportSessionSend(f *sessionField, s *ast.SendStmt, exit ast.Node) {
	owner := "session"
	if named := recvNamedOf(c.p.TypesInfo, s.Chan); named != nil {
		owner = "*" + named.Obj().Name()
	}
	ch := types.ExprString(s.Chan)
	c.p.Report(analysis.Diagnostic{
		Pos: s.Pos(), End: s.End(),
		Message: fmt.Sprintf("the send on %s blocks forever once its receiver has returned: %s is an unbuffered channel of a %s made per request, and the loop that receives from it can return without it (on an error or another signal), so one goroutine per session is stuck here — select on a done channel the receiver closes when it returns (defer close(...)), or on the request's context, beside the send",
			ch, ch, owner),
		Related: []analysis.RelatedInformation{rule.Related(exit, "the receiving loop ends here, and nothing receives from %s after it", ch)},
	})
}

// recvNamedOf returns the named struct type whose field e selects.
func recvNamedOf(info *types.Info, e ast.Expr) *types.Named {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	t := info.TypeOf(sel.X)
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}
