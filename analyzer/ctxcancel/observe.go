package ctxcancel

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// Fact is exported for each function of the user's code that observes
// the cancellation of a context parameter, or returns a context cancelled
// with one: which parameters.
//
//	func audit(ctx context.Context, e Event) error {
//		_, err := db.ExecContext(ctx, q, e.ID) // fact: observes ctx (param 0)
//		return err
//	}
//
// A function of the user's code without the fact does neither (its
// package has a PackageFact). A function of a dependency has no fact: its
// context-taking calls are taken to observe cancellation unless the
// value-only table says otherwise.
type Fact struct {
	Observes []Observed
	// Detaches lists the parameters the function hands to a goroutine it
	// does not wait for, which observes them: a caller passing the
	// request's context loses that work when its handler returns.
	Detaches []Observed
	Derives  []int // parameter indexes the context result is cancelled with
	// DerivesRecv names the receiver's fields whose context the result
	// is (func (r *HTTPRequest) ctx() context.Context { return r.Context }).
	DerivesRecv []string
	// Serves lists the function-typed parameters the function (a
	// router's adapter) calls with the request being served: a function
	// handed to it runs in request scope, with that request.
	Serves []Serve
}

// Serve says that parameter Func is called with the request being
// served as its argument Request.
type Serve struct{ Func, Request int }

// Observed is one observed (or detached) parameter and the call that
// observes it, as data: messages render it (String), and nothing reads
// the words back.
type Observed struct {
	Param int
	// Field names the parameter's field that holds the context when the
	// parameter is a carrier (a struct with a context field); "" when
	// the parameter is the context (or request) itself.
	Field string
	// Call is the call that observes it, as written ("db.ExecContext",
	// "ctx.Done"), and At where it is; for a detached parameter, the
	// call the goroutine makes, and At the goroutine's start.
	Call string
	At   goroutine.Pos
	// Check: the call reads the context's state (ctx.Done, ctx.Err): the
	// function uses the context as its stop signal.
	Check bool
	// Launch, for a detached parameter, is how the goroutine starts ("go
	// statement"); Via, when a callee starts it, the call that leads
	// there ("s.Create"), and Iface the implementation an interface call
	// dispatched to, when one did ("(*svc.Impl).Create").
	Launch, Via, Iface string
}

// String renders o for messages: "db.ExecContext at audit.go:12", "go
// statement at svc.go:31 calls s.mail.Send", "via s.Create: go statement
// at svc.go:31 calls s.mail.Send".
func (o Observed) String() string {
	if o.Launch == "" {
		return fmt.Sprintf("%s at %s", o.Call, o.At)
	}
	s := fmt.Sprintf("%s at %s calls %s", o.Launch, o.At, o.Call)
	if o.Iface != "" {
		s = o.Iface + ": " + s
	}
	if o.Via != "" {
		s = "via " + o.Via + ": " + s
	}
	return s
}

// at names the observed parameter: "0", "0.Ctx" for a carrier's field,
// "recv.Ctx" for the receiver's.
func (o Observed) at() string {
	p := fmt.Sprint(o.Param)
	if o.Param == recvParam {
		p = "recv"
	}
	if o.Field != "" {
		return p + "." + o.Field
	}
	return p
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	var b strings.Builder
	b.WriteString("ctxcancel")
	for _, o := range f.Observes {
		fmt.Fprintf(&b, " observes %s (%s)", o.at(), o)
	}
	for _, o := range f.Detaches {
		fmt.Fprintf(&b, " detaches %s (%s)", o.at(), o)
	}
	if len(f.Derives) > 0 {
		fmt.Fprintf(&b, " derives%v", f.Derives)
	}
	for _, field := range f.DerivesRecv {
		fmt.Fprintf(&b, " derives recv.%s", field)
	}
	for _, s := range f.Serves {
		fmt.Fprintf(&b, " serves %d(request %d)", s.Func, s.Request)
	}
	return b.String()
}

// PackageFact marks a package of the user's code whose functions with
// context parameters have been analysed: one of them without a Fact does
// not observe its context.
type PackageFact struct{}

func (*PackageFact) AFact()         {}
func (*PackageFact) String() string { return "ctxcancel analysed" }

func (f *Fact) observed(i int) *Observed { return find(f.Observes, i, "") }

func (f *Fact) detached(i int) *Observed { return find(f.Detaches, i, "") }

func find(obs []Observed, i int, field string) *Observed {
	for k := range obs {
		if obs[k].Param == i && obs[k].Field == field {
			return &obs[k]
		}
	}
	return nil
}

// fact returns fn's fact: computed for this package, imported for the
// user's other packages (empty for a function that neither observes nor
// derives), nil for dependencies and std.
func (c *checker) fact(fn *types.Func) *Fact {
	fn = fn.Origin()
	if fn.Pkg() == c.p.Pkg {
		if f := c.facts[fn]; f != nil {
			return f
		}
		return &noFact
	}
	// Imported once per function: facts are read, never written.
	if f, ok := c.imported[fn]; ok {
		return f
	}
	var f *Fact
	if imp := new(Fact); c.p.ImportObjectFact(fn, imp) {
		f = imp
	} else if fn.Pkg() != nil && c.p.ImportPackageFact(fn.Pkg(), new(PackageFact)) {
		f = &noFact
	}
	c.imported[fn] = f
	return f
}

// noFact is the fact of a function of the user's code that has none.
var noFact Fact

// computeFacts computes the facts of the package's functions, to a fixed
// point (one may observe or derive through another), and exports them.
func (c *checker) computeFacts() {
	type fnInfo struct {
		decl  *ast.FuncDecl
		obj   *types.Func
		seeds *seeds
	}
	var fns []fnInfo
	for _, fd := range c.m.FuncDecls() {
		sig := fd.Obj.Type().(*types.Signature)
		sd := &seeds{ctx: map[types.Object]*source{}, reqs: map[types.Object]int{}, fields: map[types.Object]map[*types.Var]*source{}}
		// A handler's request is the one it serves, reported at its own
		// goroutines; any other function handed a request (a router's
		// func(r *http.Request, vars map[string]string) *Response, a
		// helper) is told which of its parameters it is by its callers:
		// the request's context is r.Context() (issue 24).
		handler := c.m.IsHandler(fd.Decl)
		for i := 0; i < sig.Params().Len(); i++ {
			v := sig.Params().At(i)
			switch {
			case v.Name() == "_":
			case types.IsInterface(v.Type()) && goroutine.IsContextLike(v.Type()):
				sd.ctx[v] = &source{desc: v.Name(), param: i}
			case isRequest(v.Type()):
				if !handler {
					sd.reqs[v] = i
				}
			default:
				// A carrier: a struct (or pointer) with context fields,
				// such as a request-scoped HTTPRequest{Context: ...}.
				for _, f := range contextFields(v.Type(), c.p.Pkg) {
					if sd.fields[v] == nil {
						sd.fields[v] = map[*types.Var]*source{}
					}
					sd.fields[v][f] = &source{desc: v.Name() + "." + f.Name(), param: i, field: f.Name()}
				}
			}
		}
		// The receiver, when it carries a context (a method reading
		// r.Context back).
		if r := sig.Recv(); r != nil && r.Name() != "" && r.Name() != "_" {
			for _, f := range contextFields(r.Type(), c.p.Pkg) {
				if sd.fields[r] == nil {
					sd.fields[r] = map[*types.Var]*source{}
				}
				sd.fields[r][f] = &source{desc: r.Name() + "." + f.Name(), param: recvParam, field: f.Name()}
			}
		}
		if sd.empty() {
			continue
		}
		fns = append(fns, fnInfo{fd.Decl, fd.Obj, sd})
		c.facts[fd.Obj] = &Fact{}
	}
	// To a fixed point over the calls between them: a function's fact
	// grows with its callees' (monotone), and only the callers of one
	// that grew look again.
	objs := make([]*types.Func, len(fns))
	for i, fi := range fns {
		objs[i] = fi.obj
	}
	c.m.Fixpoint(objs, func(i int) bool {
		fi := fns[i]
		changed := false
		f := c.facts[fi.obj]
		t := c.newTracker(fi.decl, fi.seeds, false)
		for _, ob := range c.observations(t, fi.decl.Body, true) {
			if ob.src.isParam() && find(f.Observes, ob.src.param, ob.src.field) == nil {
				f.Observes = append(f.Observes, Observed{Param: ob.src.param, Field: ob.src.field, Call: callName(ob.call), At: goroutine.PosOf(c.p.Fset, ob.call.Pos()), Check: ob.check})
				changed = true
			}
		}
		for _, l := range c.m.LaunchesIn(fi.decl) {
			if c.m.Joined(l) || c.feedsLauncher(l) {
				continue
			}
			for _, fd := range c.launchFindings(l, t) {
				if fd.src.isParam() && find(f.Detaches, fd.src.param, fd.src.field) == nil {
					f.Detaches = append(f.Detaches, Observed{Param: fd.src.param, Field: fd.src.field, Launch: l.Describe(), At: goroutine.PosOf(c.p.Fset, l.Pos()), Call: callName(fd.call)})
					changed = true
				}
			}
		}
		for _, d := range c.detachingCalls(t, fi.decl.Body) {
			if d.src.isParam() && find(f.Detaches, d.src.param, d.src.field) == nil {
				// The goroutine to fix is the callee's, past the calls
				// that lead to it: name the first hop and the launch.
				o := *d.via
				o.Param, o.Field, o.Via = d.src.param, d.src.field, callName(d.call)
				if d.iface != "" {
					o.Iface = d.iface
				}
				f.Detaches = append(f.Detaches, o)
				changed = true
			}
		}
		c.m.InspectNoLits(fi.decl.Body, []ast.Node{(*ast.ReturnStmt)(nil)}, func(n ast.Node) bool {
			rs, ok := n.(*ast.ReturnStmt)
			if !ok {
				return true
			}
			for _, r := range rs.Results {
				s := t.sourceOf(r)
				switch {
				case s == nil:
				case s.param >= 0 && !slices.Contains(f.Derives, s.param):
					f.Derives = append(f.Derives, s.param)
					changed = true
				case s.param == recvParam && !slices.Contains(f.DerivesRecv, s.field):
					f.DerivesRecv = append(f.DerivesRecv, s.field)
					changed = true
				}
			}
			return true
		})
		return changed
	})
	serves := c.adapters()
	for fn, s := range serves {
		if c.facts[fn] == nil {
			c.facts[fn] = &Fact{}
			fns = append(fns, fnInfo{obj: fn})
		}
		c.facts[fn].Serves = s
	}
	if len(fns) > 0 {
		c.p.ExportPackageFact(new(PackageFact))
	}
	for _, fi := range fns {
		f := c.facts[fi.obj]
		if len(f.Observes) == 0 && len(f.Detaches) == 0 && len(f.Derives) == 0 && len(f.DerivesRecv) == 0 && len(f.Serves) == 0 {
			continue
		}
		slices.SortFunc(f.Observes, func(a, b Observed) int { return a.Param - b.Param })
		slices.SortFunc(f.Detaches, func(a, b Observed) int { return a.Param - b.Param })
		slices.Sort(f.Derives)
		slices.Sort(f.DerivesRecv)
		c.p.ExportObjectFact(fi.obj, f)
	}
}

// An observation is a call, in some body, that observes the cancellation
// of a tracked context.
type observation struct {
	c    *checker
	call *ast.CallExpr
	arg  ast.Expr // the context argument; nil for ctx.Done() and friends
	src  *source
	// via, for a user's function, is what in it observes (its fact's
	// entry), and iface the implementation an interface call dispatched
	// to, if one did.
	via   *Observed
	iface string
	// check: the call is ctx.Done() or ctx.Err() on the context.
	check bool
	// field is the carrier's field that holds the context when arg is
	// a carrier handed to the user's function ("Context" of req).
	field string
	// supplied marks a call of a function value the package's callers
	// supply (callbacks.go).
	supplied bool
	// kept: arg is not a context but a value that keeps one (a gorm
	// session, a request made with it).
	kept bool
}

// why renders what in the called function observes the context, for
// messages: "" for a dependency's call.
func (o observation) why() string {
	if o.via == nil {
		return ""
	}
	if o.iface != "" {
		return o.iface + ": " + o.via.String()
	}
	return o.via.String()
}

// observations returns the calls in body that observe the cancellation of
// a context t tracks. With reads, ctx.Done(), ctx.Err() and ctx.Deadline()
// count too (for facts: a function that checks its context gives up when
// it is cancelled).
func (c *checker) observations(t *tracker, body ast.Node, reads bool) []observation {
	info := c.p.TypesInfo
	var out []observation
	c.m.Inspect(body, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
			return true
		}
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && reads && fn != nil && len(call.Args) == 0 {
			switch fn.Name() {
			case "Done", "Err", "Deadline":
				if s := t.sourceOf(sel.X); s != nil {
					out = append(out, observation{c: c, call: call, src: s, check: fn.Name() != "Deadline"})
					return true
				}
			}
		}
		ft := info.TypeOf(call.Fun)
		if ft == nil {
			return true // untyped: the package has errors (fuzzing marks it well-typed)
		}
		sig, _ := ft.Underlying().(*types.Signature)
		if sig == nil {
			return true
		}
		if ob, ok := c.recvObservation(t, call, fn); ok {
			out = append(out, ob)
			return true
		}
		// A dependency's call on a value that keeps a tracked context
		// (db.Create(&row) on db := h.db.WithContext(ctx), a resty
		// request's Get) runs under it, and so does one that is handed a
		// request made with it (client.Do(req)); a request's own methods
		// (req.Context(), req.Cookie(...)) do no work.
		if fn != nil && fn.Pkg() != nil && !c.isValueOnly(fn) && fn.Pkg().Path() != "context" {
			var on []ast.Expr
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil && !isRequest(info.TypeOf(sel.X)) {
				on = append(on, sel.X) // a method of the kept value's own type
			}
			if !c.m.UserCode(fn.Pkg()) {
				for _, arg := range call.Args {
					if isRequest(info.TypeOf(arg)) {
						on = append(on, arg)
					}
				}
			}
			for _, e := range on {
				if id, s := t.keptVar(e); s != nil {
					out = append(out, observation{c: c, call: call, arg: id, src: s, kept: true})
					return true
				}
			}
		}
		for i, arg := range call.Args {
			pt := paramType(sig, i)
			var s *source
			switch {
			case pt == nil:
			case types.IsInterface(pt) && goroutine.IsContextLike(pt):
				s = t.sourceOf(arg)
			case isRequest(pt) && fn != nil && c.m.UserCode(fn.Pkg()):
				// The user's function that observes its request
				// parameter's context (a fact); std's and
				// dependencies' request-taking calls (client.Do of a
				// forwarded request) are not judged.
				s = t.requestSource(arg)
			case contextFields(pt, c.p.Pkg) != nil && fn != nil && c.m.UserCode(fn.Pkg()):
				// A carrier: the user's function observes the context
				// one of its fields holds (a fact).
				if f := c.fact(fn); f != nil {
					for _, o := range f.Observes {
						if o.Param == i && o.Field != "" {
							if s = t.carrierArg(arg, o.Field); s != nil {
								out = append(out, observation{c: c, call: call, arg: arg, src: s, via: &o, field: o.Field})
								break
							}
						}
					}
				}
				if s != nil {
					return true
				}
				continue
			}
			if s == nil {
				continue
			}
			if via, ok := c.observes(call, fn, i); ok {
				out = append(out, observation{c: c, call: call, arg: arg, src: s, via: via})
				break
			}
			if fn == nil && t.supplied(call.Fun) {
				out = append(out, observation{c: c, call: call, arg: arg, src: s, supplied: true})
				break
			}
		}
		return true
	})
	return out
}

func paramType(sig *types.Signature, i int) types.Type {
	n := sig.Params().Len()
	switch {
	case sig.Variadic() && i >= n-1:
		if s, ok := sig.Params().At(n - 1).Type().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	case i < n:
		return sig.Params().At(i).Type()
	}
	return nil
}

// observes reports whether the call fn makes with a context as argument i
// observes its cancellation, and, for the user's functions, what in them
// does (their fact's entry).
func (c *checker) observes(call *ast.CallExpr, fn *types.Func, i int) (*Observed, bool) {
	if fn == nil {
		return nil, false // a call of a func value: unknown
	}
	if c.isValueOnly(fn) {
		return nil, false
	}
	pkg := fn.Pkg()
	if pkg == nil {
		return nil, false
	}
	if pkg.Path() == "context" {
		// Derivations are followed by the tracker; AfterFunc runs its
		// function the moment the context is cancelled.
		return nil, fn.Name() == "AfterFunc"
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		// A method of an interface: the implementation is not known; one
		// that takes a context (a repository, a client) does I/O with it.
		return nil, true
	}
	if f := c.fact(fn); f != nil {
		if o := f.observed(i); o != nil {
			return o, true
		}
		return nil, false
	}
	// std and dependencies: context-taking calls do I/O with it
	// (database/sql, net/http, net.Dialer, os/exec, drivers, clients).
	return nil, true
}

// callName names a call's function as the user wrote it: "db.ExecContext",
// "s.audit".
func callName(call *ast.CallExpr) string {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return types.ExprString(fun)
	case *ast.Ident:
		return fun.Name
	case *ast.IndexExpr:
		return types.ExprString(fun.X)
	case *ast.IndexListExpr:
		return types.ExprString(fun.X)
	}
	return "the function"
}

// detachingCalls returns the calls in body, outside goroutines it starts,
// that pass a tracked context to a function that hands it to a goroutine
// it does not wait for (Fact.Detaches). A call of an interface method of
// the user's code is a call of each implementation the package can see
// (goroutine.Model.Callees): a handler calling s.workloads.StopAll(ctx)
// through a service interface loses the work its implementation starts
// just the same.
func (c *checker) detachingCalls(t *tracker, body ast.Node) []observation {
	var out []observation
	c.m.Inspect(body, []ast.Node{(*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false // what a goroutine calls is the launch's business
		case *ast.CallExpr:
			if ob, ok := c.detachingCall(t, n); ok {
				out = append(out, ob)
			}
		}
		return true
	})
	return out
}

// detachingCall returns the observation of call if one of its callees
// detaches a context argument t tracks.
func (c *checker) detachingCall(t *tracker, call *ast.CallExpr) (observation, bool) {
	static, _ := typeutil.Callee(c.p.TypesInfo, call).(*types.Func)
	for _, fn := range c.m.Callees(call) {
		f := c.fact(fn)
		if f == nil {
			continue
		}
		for _, d := range f.Detaches {
			arg := argAt(call, d.Param)
			if arg == nil {
				continue
			}
			if s := t.paramSource(arg, d); s != nil {
				ob := observation{c: c, call: call, arg: arg, src: s, via: &d, field: d.Field}
				if fn != static.Origin() {
					ob.iface = goroutine.FuncName(fn) // through an interface
				}
				return ob, true
			}
		}
	}
	return observation{}, false
}

// adapters returns the package's functions that call a function-typed
// parameter with the request being served (Fact.Serves): a router's
// adapter from the application's own handler shape,
//
//	func (s *Server) wrap(h func(*http.Request, map[string]string) *Response) http.HandlerFunc {
//		return func(w http.ResponseWriter, r *http.Request) { write(w, h(r, mux.Vars(r))) }
//	}
//
// so that s.wrap(s.getThing) makes getThing's request parameter the one
// being served.
func (c *checker) adapters() map[*types.Func][]Serve {
	info := c.p.TypesInfo
	out := map[*types.Func][]Serve{}
	for _, fd := range c.m.FuncDecls() {
		sig := fd.Obj.Signature()
		funcs := map[types.Object]int{}
		for i := 0; i < sig.Params().Len(); i++ {
			if fs, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok && takesRequest(fs) {
				funcs[sig.Params().At(i)] = i
			}
		}
		if len(funcs) == 0 || fd.Decl.Body == nil {
			continue
		}
		t := c.newTracker(fd.Decl, nil, false)
		ast.Inspect(fd.Decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok {
				return true
			}
			k, ok := funcs[info.Uses[id]]
			if !ok {
				return true
			}
			for j, arg := range call.Args {
				if i, ok := t.incoming(arg); ok && i < 0 {
					s := Serve{Func: k, Request: j}
					if !slices.Contains(out[fd.Obj], s) {
						out[fd.Obj] = append(out[fd.Obj], s)
					}
				}
			}
			return true
		})
	}
	return out
}

// takesRequest reports whether sig has a *http.Request parameter.
func takesRequest(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		if isRequest(v.Type()) {
			return true
		}
	}
	return false
}

// servedCalls returns the functions handed to a router's adapter (a
// callee with Fact.Serves) in body that detach the request they are
// served with.
func (c *checker) servedCalls(body ast.Node) []served {
	info := c.p.TypesInfo
	var out []served
	c.m.Inspect(body, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		adapter, _ := typeutil.Callee(info, call).(*types.Func)
		if adapter == nil {
			return true
		}
		f := c.fact(adapter)
		if f == nil {
			return true
		}
		for _, s := range f.Serves {
			if s.Func >= len(call.Args) {
				continue
			}
			arg := ast.Unparen(call.Args[s.Func])
			var id *ast.Ident
			switch a := arg.(type) {
			case *ast.Ident:
				id = a
			case *ast.SelectorExpr: // a method value, pkg.Func
				id = a.Sel
			}
			if id == nil {
				continue
			}
			h, _ := info.Uses[id].(*types.Func)
			if h == nil {
				continue
			}
			if hf := c.fact(h); hf != nil {
				if d := hf.detached(s.Request); d != nil {
					out = append(out, served{adapter: call, handler: arg, fn: h, request: s.Request, why: d.String()})
				}
			}
		}
		return true
	})
	return out
}

// A served is a function that a router's adapter serves requests with,
// and that detaches the request's context.
type served struct {
	adapter *ast.CallExpr
	handler ast.Expr
	fn      *types.Func
	request int // the index of fn's parameter that is the request
	why     string
}

// argAt returns the argument of call for parameter i, the receiver
// expression for recvParam, or nil.
func argAt(call *ast.CallExpr, i int) ast.Expr {
	switch {
	case i == recvParam:
		return recvExpr(call)
	case i >= 0 && i < len(call.Args):
		return call.Args[i]
	}
	return nil
}

// recvObservation returns the observation of a method of the user's code
// that observes the context its receiver carries (req.Save(), reading
// req.Context), when the receiver holds a tracked one.
func (c *checker) recvObservation(t *tracker, call *ast.CallExpr, fn *types.Func) (observation, bool) {
	if fn == nil || fn.Signature().Recv() == nil || !c.m.UserCode(fn.Pkg()) {
		return observation{}, false
	}
	f := c.fact(fn)
	if f == nil {
		return observation{}, false
	}
	x := recvExpr(call)
	for _, o := range f.Observes {
		if o.Param != recvParam || x == nil {
			continue
		}
		if s := t.carrierArg(x, o.Field); s != nil {
			return observation{c: c, call: call, arg: x, src: s, via: &o, field: o.Field}, true
		}
	}
	return observation{}, false
}
