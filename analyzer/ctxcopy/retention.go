package ctxcopy

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// An origin is a value that must not be used after its function returns:
// a pooled request context (Type != nil), or, when computing facts, a
// parameter of the function (Type == nil).
type origin struct {
	Var  *types.Var
	Type *frameworks.Type
}

// A retention says which variables of a function (and of the literals
// nested in it) hold a reference to an origin. It is flow-insensitive: a
// variable that is ever set from an origin holds it.
//
// A value holds an origin when it is the origin, an alias of it, a
// conversion of it (to context.Context, any, ...), a context derived from
// it (context.WithValue(c, ...) and any other call that takes it and
// returns a context), a method value bound to it (c.JSON), a struct or
// pointer whose fields hold it (&job{c: c}, j.c = c), a closure that
// captures it, or a recycled part of it (c.Writer, c.Params; not
// c.Request, which net/http owns). Values extracted from it (c.Param("id"),
// c.Request.Context(), c.Copy()) do not hold it.
type retention struct {
	m      *model
	fn     ast.Node
	held   map[types.Object]*origin
	copies map[types.Object]*origin
	// selfStored holds the origins whose key store keeps a value that
	// holds them (see findSelfStores).
	selfStored map[*types.Var]bool
	// via holds, for a variable that came to hold its origin through a
	// call's result (db := DB.WithContext(c)), that call.
	via map[types.Object]*ast.CallExpr
}

// pooledRetention returns the retention of the pooled request contexts in
// fn: its pooled parameters and those of the literals nested in it, and
// local variables of a pooled type that are not copies.
func (m *model) pooledRetention(fn ast.Node) *retention {
	if r, ok := m.retentions[fn]; ok {
		return r
	}
	r := &retention{m: m, fn: fn, held: map[types.Object]*origin{}, copies: map[types.Object]*origin{}}
	info := m.pass.TypesInfo
	// Variables of a pooled type declared in fn, minus those set from a
	// copy, are origins of themselves.
	var pooled []*types.Var
	m.Inspect(fn, []ast.Node{(*ast.Ident)(nil)}, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Defs[id].(*types.Var); ok && !v.IsField() && m.table.Lookup(v.Type()) != nil {
				pooled = append(pooled, v)
			}
		}
		return true
	})
	if len(pooled) == 0 {
		m.retentions[fn] = r
		return r
	}
	r.findCopies()
	// Parameters of a pooled type are origins, and so are locals taken out
	// of an interface (c := ctx.Value(gin.ContextKey).(*gin.Context), the
	// gqlgen idiom). A context a call makes fresh (gin.CreateTestContext in
	// a test) belongs to no pool; aliases of origins follow by propagation.
	asserted := map[types.Object]bool{}
	r.eachBinding(func(lhs types.Object, rhs ast.Expr, _ bool) {
		if _, ok := ast.Unparen(rhs).(*ast.TypeAssertExpr); ok && lhs != nil {
			asserted[lhs] = true
		}
	})
	m.Inspect(fn, []ast.Node{(*ast.TypeSwitchStmt)(nil)}, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSwitchStmt); ok && ts.Body != nil {
			for _, cc := range ts.Body.List {
				if obj := info.Implicits[cc]; obj != nil {
					asserted[obj] = true
				}
			}
		}
		return true
	})
	for _, v := range pooled {
		if r.copies[v] == nil && (isParam(fn, v) || asserted[v]) {
			r.held[v] = &origin{Var: v, Type: m.table.Lookup(v.Type())}
		}
	}
	r.propagate()
	if r.findSelfStores() {
		r.propagate()
	}
	m.retentions[fn] = r
	return r
}

// keyStoreHolds reports whether the value a read of o's key store
// returns (c.Get("x"), cp.MustGet("x")) holds o: the handler stored a
// value holding c there.
func (r *retention) keyStoreHolds(o *origin, method string) bool {
	return keyStoreGetters[method] && o.Var != nil && r.selfStored[o.Var]
}

// keyStoreGetters are the methods that read a context's own key store
// (gin's and hertz's Get, MustGet and Value, echo's Get); Set writes it.
// echo resets the store when it reuses the context, gin's Copy clones the
// map but not the values in it.
var keyStoreGetters = map[string]bool{"Get": true, "MustGet": true, "Value": true}

// findSelfStores records the contexts that keep, in their own key store,
// a value holding themselves (c.Set("x", &X{e: c})): what the store
// gives back later (c.Get("x"), or cp.MustGet("x") on a copy) holds c.
func (r *retention) findSelfStores() bool {
	info := r.m.pass.TypesInfo
	found := false
	r.m.Inspect(r.fn, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Set" || r.m.table.Lookup(info.TypeOf(sel.X)) == nil {
			return true
		}
		if o := r.retains(sel.X); o != nil && o.Var != nil {
			if v := r.retains(call.Args[1]); v != nil && v.Var == o.Var {
				if r.selfStored == nil {
					r.selfStored = map[*types.Var]bool{}
				}
				r.selfStored[o.Var] = true
				found = true
			}
		}
		return true
	})
	return found
}

// paramRetention returns the retention, in fn, of the given parameters of
// fn (for facts: does fn hand its context parameter to a goroutine).
func (m *model) paramRetention(fn ast.Node, params []*types.Var) *retention {
	r := &retention{m: m, fn: fn, held: map[types.Object]*origin{}, copies: map[types.Object]*origin{}}
	for _, p := range params {
		r.held[p] = &origin{Var: p}
	}
	r.propagate()
	return r
}

// heldVia returns the call whose result made obj hold its origin (the
// WithContext(c) of db := DB.WithContext(c).Where(...)), or nil.
func (r *retention) heldVia(obj types.Object) *ast.CallExpr { return r.via[obj] }

// viaCall finds, in rhs, the call that hands o's variable to a function
// whose result keeps it, or the call of a variable that already has one.
func (r *retention) viaCall(rhs ast.Expr, o *origin) *ast.CallExpr {
	info := r.m.pass.TypesInfo
	var out *ast.CallExpr
	ast.Inspect(rhs, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
				return true // a conversion
			}
			for _, arg := range n.Args {
				if id, ok := ast.Unparen(arg).(*ast.Ident); ok && o.Var != nil && info.Uses[id] == types.Object(o.Var) {
					out = n
					return false
				}
			}
		case *ast.Ident:
			if call := r.via[info.Uses[n]]; call != nil {
				out = call
			}
		}
		return true
	})
	return out
}

// empty reports whether nothing in the function holds an origin.
func (r *retention) empty() bool { return len(r.held) == 0 && len(r.copies) == 0 }

// findCopies records the variables set from a copy of a pooled context
// (cp := c.Copy()), including literal parameters bound to one at a call
// (go func(cp *gin.Context){...}(c.Copy())).
func (r *retention) findCopies() {
	r.eachBinding(func(lhs types.Object, rhs ast.Expr, _ bool) {
		if o := r.copyCall(rhs); o != nil && lhs != nil {
			r.copies[lhs] = o
		}
	})
}

// propagate runs the retention rules to a fixed point.
func (r *retention) propagate() {
	for changed := true; changed; {
		changed = false
		r.eachBinding(func(lhs types.Object, rhs ast.Expr, tuple bool) {
			if lhs == nil || r.held[lhs] != nil {
				return
			}
			o := r.retains(rhs)
			if o == nil {
				return
			}
			// From a tuple (ctx, cancel := context.WithTimeout(c, d)), the
			// contexts hold it, and the other values a known retainer
			// returns (req, err := http.NewRequestWithContext(c, ...)),
			// except errors and funcs.
			if tuple && !goroutine.IsContextLike(lhs.Type()) && r.m.table.Lookup(lhs.Type()) == nil {
				if !r.keepsAll(rhs) || isError(lhs.Type()) || isFunc(lhs.Type()) || !r.m.canHold(lhs.Type()) {
					return
				}
			}
			r.held[lhs] = o
			if call := r.viaCall(rhs, o); call != nil {
				if r.via == nil {
					r.via = map[types.Object]*ast.CallExpr{}
				}
				r.via[lhs] = call
			}
			changed = true
		})
	}
}

// eachBinding calls f for every value bound to a variable in r.fn:
// assignments and declarations (for x.f = e and x[i] = e, the variable x),
// and the parameters of literals called directly with arguments.
func (r *retention) eachBinding(f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	info := r.m.pass.TypesInfo
	root := func(e ast.Expr) types.Object {
		if v, _ := goroutine.RootVar(info, e); v != nil && v.Parent() != nil && !goroutine.IsPackageVar(v) {
			return v // local variables only
		}
		return nil
	}
	r.m.EachBinding(r.fn, root, f)
}

// canHold reports whether a value of type t can keep a reference to a
// pooled context: it is one, or an interface, a func (a closure), or
// reaches one through pointers, fields and elements. A *User whose fields
// are strings and times cannot, so neither its fields nor the functions
// returning it are followed.
func (m *model) canHold(t types.Type) bool {
	if v, ok := m.holds[t]; ok {
		return v
	}
	if m.table.Lookup(t) != nil {
		m.holds[t] = true
		return true
	}
	m.holds[t] = false // a recursive type holds only through another path
	v := false
	switch u := t.Underlying().(type) {
	case *types.Basic:
	case *types.Signature, *types.Interface, *types.TypeParam:
		v = true
	case *types.Pointer:
		v = m.canHold(u.Elem())
	case *types.Slice:
		v = m.canHold(u.Elem())
	case *types.Array:
		v = m.canHold(u.Elem())
	case *types.Chan:
		v = m.canHold(u.Elem())
	case *types.Map:
		v = m.canHold(u.Key()) || m.canHold(u.Elem())
	case *types.Struct:
		for f := range u.Fields() {
			if m.canHold(f.Type()) {
				v = true
				break
			}
		}
	default:
		v = true
	}
	m.holds[t] = v
	return v
}

// copyCall returns the origin e is a copy of, if e is a call of the copy
// method of a pooled context (c.Copy()).
func (r *retention) copyCall(e ast.Expr) *origin {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	t := r.m.table.Lookup(r.m.pass.TypesInfo.TypeOf(sel.X))
	if t == nil || !t.HasCopy() || sel.Sel.Name != t.Copy {
		return nil
	}
	if o := r.retains(sel.X); o != nil {
		return o
	}
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
		if v, ok := r.m.pass.TypesInfo.Uses[id].(*types.Var); ok {
			return &origin{Var: v, Type: t}
		}
	}
	return &origin{Type: t}
}

// retains returns the origin the value of e holds a reference to, or nil.
func (r *retention) retains(e ast.Expr) *origin {
	info := r.m.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.Uses[e]; obj != nil {
			return r.held[obj]
		}
	case *ast.StarExpr:
		return r.retains(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return r.retains(e.X)
		}
	case *ast.TypeAssertExpr:
		return r.retains(e.X)
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			if o := r.retains(elt); o != nil {
				return o
			}
		}
	case *ast.FuncLit:
		if uses := r.freeUses(e); len(uses) > 0 {
			return uses[0].origin
		}
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil {
			return nil // pkg.Name
		}
		o := r.retains(e.X)
		if o == nil {
			return nil
		}
		switch sel.Kind() {
		case types.MethodVal:
			return o // the receiver is bound into the method value
		case types.FieldVal:
			if t := r.m.table.Lookup(info.TypeOf(e.X)); t != nil && t.IsSafeField(e.Sel.Name) {
				return nil
			}
			if r.m.canHold(sel.Type()) && !isError(sel.Type()) {
				return o // not db.Error: a query's error keeps no context
			}
		}
	case *ast.CallExpr:
		return r.retainsCall(e)
	}
	return nil
}

func (r *retention) retainsCall(call *ast.CallExpr) *origin {
	info := r.m.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return r.retains(call.Args[0]) // conversion
		}
		return nil
	}
	if r.copyCall(call) != nil {
		return nil
	}
	result := info.TypeOf(call)
	// A method of the pooled context itself: only methods whose results
	// alias recycled memory, or return another pooled type.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
		if t := r.m.table.Lookup(info.TypeOf(sel.X)); t != nil {
			o := r.retains(sel.X)
			if o == nil {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && keyStoreGetters[sel.Sel.Name] {
					if cp := r.copies[info.Uses[id]]; cp != nil && cp.Var != nil && r.selfStored[cp.Var] {
						return cp // cp.MustGet("x") on a copy: the value is shared
					}
				}
				return nil
			}
			if keyStoreGetters[sel.Sel.Name] && o.Var != nil && r.selfStored[o.Var] {
				return o
			}
			if t.IsRetaining(sel.Sel.Name) && !(r.m.fiberImmutable && t.Framework == "fiber" && copiedWhenImmutable(result)) || r.m.table.Lookup(result) != nil {
				return o
			}
			return nil
		}
	}
	if b, ok := typeutil.Callee(info, call).(*types.Builtin); ok {
		if b.Name() == "append" { // append(b.pending, c)
			for _, arg := range call.Args {
				if o := r.retains(arg); o != nil {
					return o
				}
			}
		}
		return nil
	}
	if !r.mayKeep(result) {
		return nil
	}
	// The user's own functions are known (RetainsFact), and so are the
	// dependencies' functions in the retainer table.
	if o, known := r.retainedByCall(call); known {
		return o
	}
	// A dependency's method that returns its receiver's own type is a
	// builder step: gorm's db.WithContext(c).Where(...).Order(...) each
	// return a *gorm.DB that keeps the statement, context included.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && returnsRecv(s.Obj().(*types.Func)) {
			if o := r.retains(sel.X); o != nil {
				return o
			}
		}
	}
	if !returnsContext(r.m, result) {
		return nil
	}
	// Elsewhere, a function that takes it and returns a context derives
	// from it: context.WithValue(c, k, v), context.WithoutCancel(c),
	// metadata.NewOutgoingContext(c, md), tracer.Start(c, name), ...
	for _, arg := range call.Args {
		if o := r.retains(arg); o != nil {
			return o
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil && goroutine.IsContextLike(info.TypeOf(sel.X)) {
		return r.retains(sel.X) // ctx.WithValue-style methods on a held context
	}
	return nil
}

// mayKeep reports whether a call's result (or one of its results) can
// keep a reference: not only basic values and errors.
func (r *retention) mayKeep(result types.Type) bool {
	if tuple, ok := result.(*types.Tuple); ok {
		for v := range tuple.Variables() {
			if r.m.canHold(v.Type()) && !isError(v.Type()) {
				return true
			}
		}
		return false
	}
	return result != nil && r.m.canHold(result) && !isError(result)
}

// returnsContext reports whether a call's result, or one of its results,
// is a context or a pooled context.
func returnsContext(m *model, result types.Type) bool {
	if tuple, ok := result.(*types.Tuple); ok {
		for v := range tuple.Variables() {
			if goroutine.IsContextLike(v.Type()) || m.table.Lookup(v.Type()) != nil {
				return true
			}
		}
		return false
	}
	return goroutine.IsContextLike(result) || m.table.Lookup(result) != nil
}

// keepsAll reports whether e is a call whose every result keeps what its
// arguments hold: a function with a RetainsFact or in the retainer table
// (not the heuristic, which speaks for contexts only).
func (r *retention) keepsAll(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	_, known := r.retainedByCall(call)
	return known
}

// returnsRecv reports whether the method fn's first result has the type
// of its receiver.
func returnsRecv(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	return sig.Recv() != nil && sig.Results().Len() > 0 && types.Identical(sig.Results().At(0).Type(), sig.Recv().Type())
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// A use is a reference, inside a function literal, to a variable declared
// outside it that holds an origin.
type use struct {
	Ident  *ast.Ident
	Obj    types.Object
	origin *origin
}

// freeUses returns, in source order, the references in lit (and the
// literals nested in it) to variables declared outside lit that hold an
// origin.
func (r *retention) freeUses(lit *ast.FuncLit) []use {
	if lit == nil {
		return nil
	}
	info := r.m.pass.TypesInfo
	var out []use
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := info.Uses[id]
		if obj == nil || (lit.Pos() <= obj.Pos() && obj.Pos() < lit.End()) {
			return true
		}
		if o := r.held[obj]; o != nil {
			out = append(out, use{Ident: id, Obj: obj, origin: o})
		}
		return true
	})
	return out
}

// refs returns every reference in lit to a variable that holds an
// origin, wherever it is declared (a local of lit set from c too).
func (r *retention) refs(lit *ast.FuncLit) []ast.Node {
	if lit == nil {
		return nil
	}
	info := r.m.pass.TypesInfo
	var out []ast.Node
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil && r.held[obj] != nil {
				out = append(out, id)
			}
		}
		return true
	})
	return out
}

// copyUses returns the references in lit to copies of an origin declared
// outside lit, and to lit's own variables and parameters that hold copies.
func (r *retention) copyUses(lit *ast.FuncLit) []use {
	if lit == nil {
		return nil
	}
	info := r.m.pass.TypesInfo
	var out []use
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil && r.copies[obj] != nil {
				out = append(out, use{Ident: id, Obj: obj, origin: r.copies[obj]})
			}
		}
		return true
	})
	return out
}

// isParam reports whether v is a parameter (or receiver) of fn or of a
// function literal in it.
func isParam(fn ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if found {
			return false
		}
		var ft *ast.FuncType
		var recv *ast.FieldList
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, recv = n.Type, n.Recv
		case *ast.FuncLit:
			ft = n.Type
		default:
			return true
		}
		for _, fl := range []*ast.FieldList{recv, ft.Params} {
			if fl == nil {
				continue
			}
			for _, f := range fl.List {
				for _, id := range f.Names {
					if id.Pos() == v.Pos() {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}
