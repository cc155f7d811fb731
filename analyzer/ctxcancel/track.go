package ctxcancel

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// A source is where a context's cancellation comes from: the request
// (r.Context(), c.Request.Context(), ...), or, while computing facts, a
// parameter of the function.
type source struct {
	desc     string // "c.Request.Context()", "c, a *gin.Context under ContextWithFallback"
	param    int    // parameter index for facts; -1 for the request
	deadline bool   // derived with a timeout or deadline: WithoutCancel would drop it
}

// A tracker says which variables of a function (and of the literals
// nested in it) hold a context that is cancelled with a source. Like
// goroutine.Retention it is flow-insensitive, but it follows
// cancellation, not references: context.WithoutCancel(ctx) keeps ctx's
// values (Retention says it holds ctx) and drops its cancellation (here
// it holds nothing).
type tracker struct {
	c    *checker
	fn   ast.Node
	held map[types.Object]*source
	// kept are the variables of other types that keep such a context,
	// made by a retainer of goroutine.BuiltinRetainers (db :=
	// h.db.WithContext(ctx), req, _ := http.NewRequestWithContext(ctx,
	// ...)) or a builder step on a kept value (db.Where(...)).
	kept     map[types.Object]*source
	requests map[types.Object]bool // *http.Request variables holding the incoming request
	fallback bool                  // *gin.Context values are contexts cancelled with the request
}

// newTracker follows the sources in fn: the incoming requests of the
// handlers in it, and seeds (parameters, for facts).
func (c *checker) newTracker(fn ast.Node, seeds map[types.Object]*source, fallback bool) *tracker {
	t := &tracker{c: c, fn: fn, held: map[types.Object]*source{}, kept: map[types.Object]*source{}, requests: map[types.Object]bool{}, fallback: fallback}
	for obj, s := range seeds {
		t.held[obj] = s
	}
	if seeds == nil {
		t.findRequests()
	}
	for changed := true; changed; {
		changed = false
		t.eachBinding(func(lhs types.Object, rhs ast.Expr, tuple bool) {
			if lhs == nil {
				return
			}
			if isRequest(lhs.Type()) && !t.requests[lhs] && t.incoming(rhs) {
				t.requests[lhs] = true
				changed = true
			}
			if t.kept[lhs] == nil && !isContextType(lhs.Type()) && keeps(lhs.Type()) {
				if s := t.keptBy(rhs); s != nil {
					t.kept[lhs] = s
					changed = true
				}
			}
			if t.held[lhs] != nil || !isContextType(lhs.Type()) {
				return
			}
			if s := t.sourceOf(rhs); s != nil {
				t.held[lhs] = s
				changed = true
			}
		})
	}
	return t
}

// findRequests marks the *http.Request parameters of the net/http
// handlers in t.fn.
func (t *tracker) findRequests() {
	info := t.c.p.TypesInfo
	ast.Inspect(t.fn, func(n ast.Node) bool {
		var ft *ast.FuncType
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft = n.Type
		case *ast.FuncLit:
			ft = n.Type
		default:
			return true
		}
		if !t.c.m.IsHandler(n) {
			return true
		}
		for _, f := range ft.Params.List {
			for _, id := range f.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && isRequest(v.Type()) {
					t.requests[v] = true
				}
			}
		}
		return true
	})
}

// incoming reports whether e is the request being served: a tracked
// *http.Request variable, gin's c.Request, echo's c.Request().
func (t *tracker) incoming(e ast.Expr) bool {
	info := t.c.p.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return t.requests[info.Uses[e]]
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal && e.Sel.Name == "Request" {
			return isGinContext(info.TypeOf(e.X))
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok && fn.Name() == "Request" && len(e.Args) == 0 {
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
				return isEchoContext(info.TypeOf(sel.X))
			}
		}
	}
	return false
}

// sourceOf returns the source a context-valued expression is cancelled
// with, or nil.
func (t *tracker) sourceOf(e ast.Expr) *source {
	info := t.c.p.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj := info.Uses[e]
		if s := t.held[obj]; s != nil {
			return s
		}
		// Under ContextWithFallback, gin's Context (and its Copy, which
		// shares Request) answers Done and Err from c.Request.Context().
		if v, ok := obj.(*types.Var); ok && t.fallback && isGinContext(v.Type()) && !v.IsField() {
			return &source{desc: e.Name + ", a *gin.Context under ContextWithFallback", param: -1}
		}
	case *ast.CallExpr:
		return t.callSource(e)
	}
	return nil
}

func (t *tracker) callSource(call *ast.CallExpr) *source {
	info := t.c.p.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return t.sourceOf(call.Args[0]) // conversion
		}
		return nil
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	if isMethod(fn, "net/http", "Request", "Context") {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && t.incoming(sel.X) {
			return &source{desc: types.ExprString(call), param: -1}
		}
		return nil
	}
	if t.fallback && len(call.Args) == 0 && fn.Name() == "Copy" {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && isGinContext(info.TypeOf(sel.X)) {
			return &source{desc: types.ExprString(call) + ", a *gin.Context under ContextWithFallback", param: -1}
		}
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Type().(*types.Signature).Recv() == nil {
		switch fn.Name() {
		case "WithValue", "WithCancel", "WithCancelCause":
			if len(call.Args) > 0 {
				return t.sourceOf(call.Args[0])
			}
		case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
			if len(call.Args) > 0 {
				if s := t.sourceOf(call.Args[0]); s != nil {
					d := *s
					d.deadline = true
					return &d
				}
			}
		}
		return nil // WithoutCancel, Background, TODO, Cause, ...
	}
	if !returnsContext(fn) {
		return nil
	}
	// The user's functions say which parameters their context result is
	// cancelled with (facts); elsewhere, a function that takes a context
	// and returns one derives from it (errgroup.WithContext,
	// signal.NotifyContext, metadata.NewOutgoingContext, ...).
	if f := t.c.fact(fn); f != nil {
		for _, i := range f.Derives {
			if i < len(call.Args) {
				if s := t.sourceOf(call.Args[i]); s != nil {
					return s
				}
			}
		}
		return nil
	}
	for _, arg := range call.Args {
		if s := t.sourceOf(arg); s != nil {
			return s
		}
	}
	return nil
}

// eachBinding calls f for every value bound to a local variable in t.fn:
// assignments, declarations, and the parameters of function literals
// called with arguments (go func(ctx context.Context) {...}(r.Context()),
// defer func(ctx ...) {...}(...)).
func (t *tracker) eachBinding(f func(lhs types.Object, rhs ast.Expr, tuple bool)) {
	info := t.c.p.TypesInfo
	local := func(e ast.Expr) types.Object {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() && v.Parent() != v.Pkg().Scope() {
				return v
			}
		}
		return nil
	}
	goroutine.EachBinding(info, t.fn, local, f)
}

// isContextType reports whether t can hold a context: context.Context and
// other interfaces with its methods, or gin's Context.
func isContextType(t types.Type) bool {
	return t != nil && goroutine.IsContextLike(t) && (types.IsInterface(t) || isGinContext(t))
}

func returnsContext(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	for v := range res.Variables() {
		if types.IsInterface(v.Type()) && goroutine.IsContextLike(v.Type()) {
			return true
		}
	}
	return false
}

func isRequest(t types.Type) bool { return isNamed(t, "net/http", "Request", true) }

func isGinContext(t types.Type) bool {
	return isNamed(t, "github.com/gin-gonic/gin", "Context", true)
}

func isEchoContext(t types.Type) bool {
	return isNamed(t, "github.com/labstack/echo/v4", "Context", false) || isNamed(t, "github.com/labstack/echo", "Context", false)
}

// isNamed reports whether t is the named type pkg.name, or (if ptr) a
// pointer to it.
func isNamed(t types.Type, pkg, name string, ptr bool) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		if !ptr {
			return false
		}
		t = types.Unalias(p.Elem())
	} else if ptr {
		return false
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// isMethod reports whether fn is the method typ.name of package pkg.
func isMethod(fn *types.Func, pkg, typ, name string) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil || fn.Name() != name {
		return false
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == typ
}

// keeps reports whether a value of type t can keep a context: a pointer
// or a struct (a *gorm.DB, an *http.Request), not an error or a basic
// value.
func keeps(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Struct:
		return true
	}
	return false
}

// keptBy returns the source of the context a value keeps: the result of a
// retainer called with a tracked context (h.db.WithContext(ctx)), a kept
// variable, or a method on a kept value that returns its receiver's type
// (gorm's builder: db.Where(...).Order(...) keeps db's statement).
func (t *tracker) keptBy(e ast.Expr) *source {
	info := t.c.p.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return t.kept[info.Uses[e]]
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		if fn == nil {
			return nil
		}
		if isRetainer(fn) {
			for _, arg := range e.Args {
				if s := t.sourceOf(arg); s != nil {
					return s
				}
			}
			return nil
		}
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || info.Selections[sel] == nil {
			return nil
		}
		if res := fn.Type().(*types.Signature).Results(); res.Len() >= 1 && types.Identical(res.At(0).Type(), info.TypeOf(sel.X)) {
			return t.keptBy(sel.X)
		}
	}
	return nil
}

// keptVar is keptBy for a value rooted in a kept variable (db, or
// db.Where(...) on it), not one a retainer makes on the spot
// (req.WithContext(ctx) passed inline: that call is observed itself). It
// returns the variable too.
func (t *tracker) keptVar(e ast.Expr) (*ast.Ident, *source) {
	info := t.c.p.TypesInfo
	root := ast.Unparen(e)
	for {
		call, ok := root.(*ast.CallExpr)
		if !ok {
			break
		}
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && isRetainer(fn) {
			return nil, nil
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil
		}
		root = ast.Unparen(sel.X)
	}
	id, ok := root.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	if s := t.keptBy(e); s != nil {
		return id, s
	}
	return nil, nil
}

func isRetainer(fn *types.Func) bool {
	for _, r := range goroutine.BuiltinRetainers() {
		if r.Matches(fn) {
			return true
		}
	}
	return false
}
