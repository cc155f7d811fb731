package ctxcopy

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// checkEscapes reports pooled contexts that leave the handler through data
// rather than through a goroutine it starts: sent on a channel someone
// else drains, or stored in the handler's receiver or a package variable
// (directly, or in a map or slice held there). Whoever reads them later
// runs after the handler has returned.
func (c *checker) checkEscapes() {
	launched := map[*ast.FuncLit]bool{}
	for _, l := range c.m.Launches() {
		if l.Lit != nil {
			launched[l.Lit] = true
		}
	}
	// Only functions with a send or a store that may leave them are
	// looked at (the retention of a function costs a walk of it).
	info := c.p.TypesInfo
	candidates := map[*ast.FuncDecl]bool{}
	for cur := range c.p.Inspector().Root().Preorder((*ast.SendStmt)(nil), (*ast.AssignStmt)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || !anyNonLocal(info, n.Lhs) {
				continue
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Store" && sel.Sel.Name != "LoadOrStore" && sel.Sel.Name != "Swap") {
				continue
			}
		}
		for enc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
			candidates[enc.Node().(*ast.FuncDecl)] = true
		}
	}
	for _, fd := range c.m.FuncDecls() {
		if !candidates[fd.Decl] {
			continue
		}
		ret := c.m.pooledRetention(fd.Decl)
		if ret.empty() {
			continue
		}
		e := &escapes{c: c, decl: fd.Decl, ret: ret, launched: launched}
		e.scan()
	}
}

// anyNonLocal reports whether one of lhs is not a plain local variable
// (a field, an element, a package variable).
func anyNonLocal(info *types.Info, lhs []ast.Expr) bool {
	for _, l := range lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			return true
		}
		if v, ok := info.Uses[id].(*types.Var); ok && goroutine.IsPackageVar(v) {
			return true
		}
	}
	return false
}

// escapes is the escape check of one function declaration.
type escapes struct {
	c        *checker
	decl     *ast.FuncDecl
	ret      *retention
	launched map[*ast.FuncLit]bool // reported where the goroutine starts
	// received and removed hold the keys (goroutine.ExprKey) of channels
	// the function receives from, and of stores it undoes (delete(m, k),
	// h.cur = nil): the context does not outlive the handler there.
	received, removed map[string]bool
}

// inspect walks the function, its deferred and called literals included,
// but not the literals goroutines run (their uses are reported at the
// launch).
func (e *escapes) inspect(f func(ast.Node) bool) {
	ast.Inspect(e.decl.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && e.launched[lit] {
			return false
		}
		if n == nil {
			return false
		}
		return f(n)
	})
}

func (e *escapes) scan() {
	info := e.c.p.TypesInfo
	var sends []*ast.SendStmt
	var stores []*ast.AssignStmt
	var calls []*ast.CallExpr
	e.received, e.removed = map[string]bool{}, map[string]bool{}
	e.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			sends = append(sends, n)
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				mark(e.received, goroutine.ExprKey(info, n.X))
			}
		case *ast.RangeStmt:
			if _, ok := typesx.Underlying(info, n.X).(*types.Chan); ok {
				mark(e.received, goroutine.ExprKey(info, n.X))
			}
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN {
				stores = append(stores, n)
				for i, lhs := range n.Lhs {
					if i < len(n.Rhs) && isZero(info, n.Rhs[i]) {
						mark(e.removed, goroutine.ExprKey(info, lhs))
					}
				}
			}
		case *ast.CallExpr:
			calls = append(calls, n)
			if b, ok := typeutil.Callee(info, n).(*types.Builtin); ok && b.Name() == "delete" && len(n.Args) == 2 {
				mark(e.removed, goroutine.ExprKey(info, n.Args[0]))
			}
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && isSyncMap(fn, "Delete", "LoadAndDelete") {
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					mark(e.removed, goroutine.ExprKey(info, sel.X))
				}
			}
		}
		return true
	})
	for _, s := range sends {
		e.checkSend(s)
	}
	for _, s := range stores {
		for i, lhs := range s.Lhs {
			if len(s.Lhs) == len(s.Rhs) {
				e.checkStore(lhs, s.Rhs[i], ast.Unparen(lhs) != container(lhs) || isAppend(info, s.Rhs[i]))
			}
		}
	}
	for _, call := range calls {
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || !isSyncMap(fn, "Store", "LoadOrStore", "Swap") || len(call.Args) < 2 {
			continue
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			e.checkStore(sel.X, call.Args[1], true)
		}
	}
}

// checkSend reports ch <- v where v holds a pooled context, unless the
// channel was made here (its receivers are this function or goroutines it
// starts, which the launch checks see) or the function receives from it.
func (e *escapes) checkSend(s *ast.SendStmt) {
	info := e.c.p.TypesInfo
	o := e.ret.retains(s.Value)
	if o == nil || o.Type == nil || e.c.reported[s.Value.Pos()] {
		return
	}
	if e.madeHere(s.Chan) || e.received[goroutine.ExprKey(info, s.Chan)] {
		return
	}
	e.c.reported[s.Value.Pos()] = true
	subject, advice := e.describe(s.Value, o, "send")
	d := analysis.Diagnostic{
		Pos: s.Value.Pos(), End: s.Value.End(),
		Message: fmt.Sprintf("%s sent on %s, and whoever receives it can use it after the handler returns; %s — %s",
			subject, types.ExprString(s.Chan), consequence(o), advice),
		Related: []analysis.RelatedInformation{rule.Related(e.decl, "the handler returns without receiving it back")},
	}
	if fix := e.copyArgFix(s.Value, o, chanElem(info.TypeOf(s.Chan))); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	e.c.p.Report(d)
}

// checkStore reports lhs = v where v holds a pooled context and lhs is
// rooted in a package variable or the method's receiver, unless the
// function undoes the store (delete(m, k), h.cur = nil).
func (e *escapes) checkStore(lhs, v ast.Expr, collection bool) {
	info := e.c.p.TypesInfo
	o := e.ret.retains(v)
	if o == nil || o.Type == nil || e.c.reported[v.Pos()] {
		return
	}
	where := e.longLived(lhs, collection)
	if where == "" || e.removed[goroutine.ExprKey(info, lhs)] || e.removed[goroutine.ExprKey(info, container(lhs))] {
		return
	}
	e.c.reported[v.Pos()] = true
	if isAppend(info, v) {
		if call := ast.Unparen(v).(*ast.CallExpr); len(call.Args) > 0 {
			for _, arg := range call.Args[1:] {
				if e.ret.retains(arg) != nil {
					v = arg
					break
				}
			}
		}
	}
	subject, advice := e.describe(v, o, "store")
	d := analysis.Diagnostic{
		Pos: v.Pos(), End: v.End(),
		Message: fmt.Sprintf("%s stored in %s, %s, where it outlives the handler; %s — %s",
			subject, types.ExprString(lhs), where, consequence(o), advice),
	}
	e.c.p.Report(d)
}

// describe starts a message about a sent or stored value: "c
// (*gin.Context) is", "ctx holds c (*gin.Context) since ... and is", "a
// job holding c (*gin.Context) is"; and the advice that fits it.
func (e *escapes) describe(v ast.Expr, o *origin, verb string) (subject, advice string) {
	if id, ok := ast.Unparen(v).(*ast.Ident); ok {
		if obj := e.c.p.TypesInfo.Uses[id]; obj != nil {
			if obj == types.Object(o.Var) && o.Type.HasCopy() {
				advice = fmt.Sprintf("%s %s.%s() instead", verb, o.Var.Name(), o.Type.Copy)
			} else {
				advice = e.c.advice(obj, o, e.ret)
			}
			return e.c.subject(id.Name, obj, o, e.ret), advice
		}
	}
	what := "a value"
	if t := e.c.p.TypesInfo.TypeOf(v); t != nil {
		what = "a " + types.TypeString(t, types.RelativeTo(e.c.p.Pkg))
	}
	advice = o.Type.HandoffFor(o.Var.Name())
	if o.Type.HasCopy() {
		advice = fmt.Sprintf("put %s.%s() in it instead", o.Var.Name(), o.Type.Copy)
	}
	return fmt.Sprintf("%s holding %s (%s) is", what, o.Var.Name(), typeName(o)), advice
}

// longLived says where lhs lives, if beyond the call: "a package
// variable", "a field of the receiver h"; or "". A plain field of the
// receiver is not enough (go-admin's e.MakeContext(c) sets e.Context on
// a controller made for the request): only a map or slice kept there,
// which collects contexts across requests (collection).
func (e *escapes) longLived(lhs ast.Expr, collection bool) string {
	info := e.c.p.TypesInfo
	var recv *types.Var
	if e.decl.Recv != nil && len(e.decl.Recv.List) == 1 && len(e.decl.Recv.List[0].Names) == 1 {
		recv, _ = info.Defs[e.decl.Recv.List[0].Names[0]].(*types.Var)
	}
	v, direct := goroutine.RootVar(info, lhs)
	switch {
	case v == nil:
		return ""
	case goroutine.IsPackageVar(v):
		return "a package variable"
	case v == recv && !direct && collection:
		if _, ok := types.Unalias(recv.Type()).(*types.Pointer); ok {
			return "a field of the receiver " + recv.Name()
		}
	}
	return ""
}

// madeHere reports whether ch is a local variable of the function set
// from make(chan ...).
func (e *escapes) madeHere(ch ast.Expr) bool {
	info := e.c.p.TypesInfo
	id, ok := ast.Unparen(ch).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || goroutine.IsPackageVar(v) || !(e.decl.Pos() <= v.Pos() && v.Pos() < e.decl.End()) {
		return false
	}
	made := false
	ast.Inspect(e.decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if l, ok := lhs.(*ast.Ident); ok && info.ObjectOf(l) == types.Object(v) && i < len(n.Rhs) && isMake(info, n.Rhs[i]) {
					made = true
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == types.Object(v) && i < len(n.Values) && isMake(info, n.Values[i]) {
					made = true
				}
			}
		}
		return !made
	})
	return made
}

// copyArgFix replaces c with c.Copy() in a sent value, when what receives
// it sees a context.Context (the copy answers Deadline, Done, Err and Value
// as c does): the value itself, or a field of a struct literal.
func (e *escapes) copyArgFix(v ast.Expr, o *origin, elem types.Type) *analysis.SuggestedFix {
	if elem == nil || !o.Type.HasCopy() {
		return nil
	}
	info := e.c.p.TypesInfo
	if isContextIface(elem) {
		return e.c.wrapCopyFix(v, o)
	}
	lit, ok := ast.Unparen(v).(*ast.CompositeLit)
	if !ok {
		if u, ok := ast.Unparen(v).(*ast.UnaryExpr); ok && u.Op == token.AND {
			lit, _ = ast.Unparen(u.X).(*ast.CompositeLit)
		}
	}
	if lit == nil {
		return nil
	}
	var fix *analysis.SuggestedFix
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		if e.ret.retains(kv.Value) == nil {
			continue
		}
		f, ok := info.Uses[kv.Key.(*ast.Ident)].(*types.Var)
		if fix != nil || !ok || !isContextIface(f.Type()) {
			return nil
		}
		if fix = e.c.wrapCopyFix(kv.Value, o); fix == nil {
			return nil
		}
	}
	return fix
}

// mark adds a key to a set; "" (an expression without a key) is never
// in it.
func mark(set map[string]bool, key string) {
	if key != "" {
		set[key] = true
	}
}

func isContextIface(t types.Type) bool { return types.IsInterface(t) && goroutine.IsContextLike(t) }

func chanElem(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if ch, ok := t.Underlying().(*types.Chan); ok {
		return ch.Elem()
	}
	return nil
}

// container is the map or slice an index expression stores into.
func container(lhs ast.Expr) ast.Expr {
	if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
		return ix.X
	}
	return lhs
}

func isZero(info *types.Info, e ast.Expr) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name == "nil" {
		_, ok := info.Uses[id].(*types.Nil)
		return ok
	}
	return false
}

func isAppend(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	b, ok := typeutil.Callee(info, call).(*types.Builtin)
	return ok && b.Name() == "append"
}

func isMake(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	b, ok := typeutil.Callee(info, call).(*types.Builtin)
	return ok && b.Name() == "make"
}

// isSyncMap reports whether fn is one of the named methods of sync.Map.
func isSyncMap(fn *types.Func, names ...string) bool {
	for _, n := range names {
		if astx.IsMethod(fn, "sync", "Map", n) {
			return true
		}
	}
	return false
}
