package ctxcancel

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// A source is where a context's cancellation comes from: the request
// (r.Context(), c.Request.Context(), ...), or, while computing facts, a
// parameter of the function.
type source struct {
	desc     string // "c.Request.Context()", "c, a *gin.Context under ContextWithFallback"
	param    int    // parameter index for facts; -1 for the request
	deadline bool   // derived with a timeout or deadline: WithoutCancel would drop it
	request  bool   // the expression is the *http.Request, not its context
	field    string // for facts: the parameter's field that holds the context (a carrier)
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
	// made by a retainer of apis.Retainers (db :=
	// h.db.WithContext(ctx), req, _ := http.NewRequestWithContext(ctx,
	// ...)) or a builder step on a kept value (db.Where(...)).
	kept     map[types.Object]*source
	requests map[types.Object]int                    // *http.Request variables holding a request: -1 the one being served, else a parameter's index (facts)
	fields   map[types.Object]map[*types.Var]*source // carriers: struct variables whose context fields hold a source (carrier.go)
	funcs    map[types.Object][]ast.Expr             // what local function variables are bound to (callbacks.go), lazily
	fallback bool                                    // *gin.Context values are contexts cancelled with the request
}

// recvParam is the receiver's index in sources and facts: a method that
// reads the context its receiver carries (func (r *HTTPRequest) ctx()
// context.Context { return r.Context }).
const recvParam = -2

// isParam reports whether s is a parameter of the function whose fact is
// computed (or its receiver), not the request being served.
func (s *source) isParam() bool { return s.param >= 0 || s.param == recvParam }

// seeds are the parameters a fact is computed over: contexts, requests
// (by index) and carriers' context fields.
type seeds struct {
	ctx    map[types.Object]*source
	reqs   map[types.Object]int
	fields map[types.Object]map[*types.Var]*source
}

func (s *seeds) empty() bool { return len(s.ctx) == 0 && len(s.reqs) == 0 && len(s.fields) == 0 }

// newTracker follows the sources in fn: the incoming requests of the
// handlers in it, or, for facts, the parameters in seeds.
func (c *checker) newTracker(fn ast.Node, sd *seeds, fallback bool) *tracker {
	t := &tracker{c: c, fn: fn, held: map[types.Object]*source{}, kept: map[types.Object]*source{}, requests: map[types.Object]int{}, fields: map[types.Object]map[*types.Var]*source{}, fallback: fallback}
	if sd == nil {
		t.findRequests()
	} else {
		for obj, s := range sd.ctx {
			t.held[obj] = s
		}
		for obj, i := range sd.reqs {
			t.requests[obj] = i
		}
		for obj, fs := range sd.fields {
			for f, s := range fs {
				t.carry(obj, f, s)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		t.eachBinding(func(lhs types.Object, rhs ast.Expr, tuple bool) {
			if lhs == nil {
				return
			}
			if _, known := t.requests[lhs]; !known && isRequest(lhs.Type()) {
				if i, ok := t.incoming(rhs); ok {
					t.requests[lhs] = i
					changed = true
				}
			}
			if !tuple && contextFields(lhs.Type(), t.c.p.Pkg) != nil && t.bindCarrier(lhs, rhs) {
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
		if t.fieldStores() {
			changed = true
		}
	}
	return t
}

// findRequests marks the *http.Request parameters of the net/http
// handlers in t.fn.
func (t *tracker) findRequests() {
	info := t.c.p.TypesInfo
	t.c.m.Inspect(t.fn, []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) bool {
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
					t.requests[v] = -1
				}
			}
		}
		return true
	})
}

// incoming reports whether e is a request t tracks, and which: -1 for
// the request being served (a tracked *http.Request variable, gin's
// c.Request, echo's c.Request()), a parameter's index for facts.
func (t *tracker) incoming(e ast.Expr) (int, bool) {
	info := t.c.p.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		i, ok := t.requests[info.Uses[e]]
		return i, ok
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			if rt := frameworks.RequestTypeOf(info.TypeOf(e.X)); rt != nil && rt.Field != "" && e.Sel.Name == rt.Field {
				return -1, true
			}
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok && len(e.Args) == 0 {
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
				if rt := frameworks.RequestTypeOf(info.TypeOf(sel.X)); rt != nil && rt.Method != "" && fn.Name() == rt.Method {
					return -1, true
				}
			}
		}
	}
	return 0, false
}

// paramSource returns the source of an argument for the observed
// parameter o: the context (or request) itself, or the field of a
// carrier.
func (t *tracker) paramSource(arg ast.Expr, o Observed) *source {
	if o.Field != "" {
		return t.carrierArg(arg, o.Field)
	}
	return t.argSource(arg)
}

// recvExpr returns the receiver expression of a method call (r in
// r.ctx()), or nil.
func recvExpr(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// argSource returns the source of an argument handed to a function's
// context or request parameter.
func (t *tracker) argSource(e ast.Expr) *source {
	if s := t.sourceOf(e); s != nil {
		return s
	}
	return t.requestSource(e)
}

// requestSource returns the source of a request-valued argument: its
// Context() is what a callee observing it observes.
func (t *tracker) requestSource(e ast.Expr) *source {
	i, ok := t.incoming(e)
	if !ok {
		return nil
	}
	return &source{desc: types.ExprString(e) + ", the request", param: i, request: true}
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
		if s := t.embeddedSource(obj); s != nil {
			return s // a carrier that is a context through its embedded field
		}
		// Under ContextWithFallback, gin's Context (and its Copy, which
		// shares Request) answers Done and Err from c.Request.Context().
		if v, ok := obj.(*types.Var); ok && t.fallback && !v.IsField() {
			if rt := frameworks.RequestTypeOf(v.Type()); rt != nil && rt.Fallback != "" {
				return &source{desc: fmt.Sprintf("%s, a %s under %s", e.Name, rt, rt.Fallback), param: -1}
			}
		}
	case *ast.SelectorExpr:
		return t.fieldSource(e) // req.Context
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
	if astx.IsMethod(fn, "net/http", "Request", "Context") {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if i, ok := t.incoming(sel.X); ok {
				return &source{desc: types.ExprString(call), param: i}
			}
		}
		return nil
	}
	if t.fallback && len(call.Args) == 0 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if rt := frameworks.RequestTypeOf(info.TypeOf(sel.X)); rt != nil && rt.Fallback != "" && rt.Copy != "" && fn.Name() == rt.Copy {
				return &source{desc: fmt.Sprintf("%s, a %s under %s", types.ExprString(call), rt, rt.Fallback), param: -1}
			}
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
		if x := recvExpr(call); x != nil {
			for _, field := range f.DerivesRecv {
				if s := t.carrierArg(x, field); s != nil {
					return s // r.ctx(), returning the context r carries
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
			if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() && !goroutine.IsPackageVar(v) {
				return v
			}
		}
		return nil
	}
	t.c.m.EachBinding(t.fn, local, f)
}

// fieldStore is req.Context = rhs, with req a local variable.
type fieldStore struct {
	v   types.Object
	f   *types.Var
	rhs ast.Expr
}

// fieldStoresOf returns the stores to context fields of local carriers in
// fn, collected by one walk: a tracker reads them in every round of its
// fixed point.
func (c *checker) fieldStoresOf(fn ast.Node) []fieldStore {
	if s, ok := c.stores[fn]; ok {
		return s
	}
	var s []fieldStore
	info := c.p.TypesInfo
	c.m.Inspect(fn, []ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node) bool {
		as := n.(*ast.AssignStmt)
		if len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			if v, f := fieldOf(info, lhs); v != nil {
				s = append(s, fieldStore{v, f, as.Rhs[i]})
			}
		}
		return true
	})
	c.stores[fn] = s
	return s
}

// isContextType reports whether t can hold a context: context.Context and
// other interfaces with its methods, or a framework's request context
// that is one (gin's Context).
func isContextType(t types.Type) bool {
	return t != nil && goroutine.IsContextLike(t) && (types.IsInterface(t) || frameworks.RequestTypeOf(t) != nil)
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

func isRetainer(fn *types.Func) bool { return apis.Any(apis.Retainers(), fn) }
