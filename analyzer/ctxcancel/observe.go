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
}

// Observed is one observed parameter and the call that observes it.
type Observed struct {
	Param int
	Where string // "db.ExecContext at audit.go:12"
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	var b strings.Builder
	b.WriteString("ctxcancel")
	for _, o := range f.Observes {
		fmt.Fprintf(&b, " observes %d (%s)", o.Param, o.Where)
	}
	for _, o := range f.Detaches {
		fmt.Fprintf(&b, " detaches %d (%s)", o.Param, o.Where)
	}
	if len(f.Derives) > 0 {
		fmt.Fprintf(&b, " derives%v", f.Derives)
	}
	return b.String()
}

// PackageFact marks a package of the user's code whose functions with
// context parameters have been analysed: one of them without a Fact does
// not observe its context.
type PackageFact struct{}

func (*PackageFact) AFact()         {}
func (*PackageFact) String() string { return "ctxcancel analysed" }

func (f *Fact) observed(i int) *Observed { return find(f.Observes, i) }

func (f *Fact) detached(i int) *Observed { return find(f.Detaches, i) }

func find(obs []Observed, i int) *Observed {
	for k := range obs {
		if obs[k].Param == i {
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
		return &Fact{}
	}
	var f Fact
	if c.p.ImportObjectFact(fn, &f) {
		return &f
	}
	if fn.Pkg() != nil && c.p.ImportPackageFact(fn.Pkg(), new(PackageFact)) {
		return &Fact{}
	}
	return nil
}

// computeFacts computes the facts of the package's functions, to a fixed
// point (one may observe or derive through another), and exports them.
func (c *checker) computeFacts() {
	type fnInfo struct {
		decl   *ast.FuncDecl
		obj    *types.Func
		params map[types.Object]*source
	}
	var fns []fnInfo
	for _, fd := range c.m.FuncDecls() {
		sig := fd.Obj.Type().(*types.Signature)
		params := map[types.Object]*source{}
		for i := 0; i < sig.Params().Len(); i++ {
			if v := sig.Params().At(i); v.Name() != "_" && types.IsInterface(v.Type()) && goroutine.IsContextLike(v.Type()) {
				params[v] = &source{desc: v.Name(), param: i}
			}
		}
		if len(params) == 0 {
			continue
		}
		fns = append(fns, fnInfo{fd.Decl, fd.Obj, params})
		c.facts[fd.Obj] = &Fact{}
	}
	for changed := true; changed; {
		changed = false
		for _, fi := range fns {
			if len(fi.params) == 0 {
				continue
			}
			f := c.facts[fi.obj]
			t := c.newTracker(fi.decl, fi.params, false)
			for _, ob := range c.observations(t, fi.decl.Body, true) {
				if ob.src.param >= 0 && f.observed(ob.src.param) == nil {
					f.Observes = append(f.Observes, Observed{Param: ob.src.param, Where: ob.where()})
					changed = true
				}
			}
			for _, l := range c.m.LaunchesIn(fi.decl) {
				if c.m.Joined(l) || c.feedsLauncher(l) {
					continue
				}
				for _, fd := range c.launchFindings(l, t) {
					if fd.src.param >= 0 && f.detached(fd.src.param) == nil {
						where := fmt.Sprintf("%s at %s calls %s", l.Describe(), goroutine.ShortPos(c.p.Fset, l.Pos()), callName(fd.call))
						f.Detaches = append(f.Detaches, Observed{Param: fd.src.param, Where: where})
						changed = true
					}
				}
			}
			for _, d := range c.detachingCalls(t, fi.decl.Body) {
				if d.src.param >= 0 && f.detached(d.src.param) == nil {
					f.Detaches = append(f.Detaches, Observed{Param: d.src.param, Where: "via " + callName(d.call)})
					changed = true
				}
			}
			goroutine.InspectNoLits(fi.decl.Body, func(n ast.Node) bool {
				rs, ok := n.(*ast.ReturnStmt)
				if !ok {
					return true
				}
				for _, r := range rs.Results {
					if s := t.sourceOf(r); s != nil && s.param >= 0 && !slices.Contains(f.Derives, s.param) {
						f.Derives = append(f.Derives, s.param)
						changed = true
					}
				}
				return true
			})
		}
	}
	if len(fns) > 0 {
		c.p.ExportPackageFact(new(PackageFact))
	}
	for _, fi := range fns {
		f := c.facts[fi.obj]
		if len(f.Observes) == 0 && len(f.Detaches) == 0 && len(f.Derives) == 0 {
			continue
		}
		slices.SortFunc(f.Observes, func(a, b Observed) int { return a.Param - b.Param })
		slices.SortFunc(f.Detaches, func(a, b Observed) int { return a.Param - b.Param })
		slices.Sort(f.Derives)
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
	why  string // for a user's function: what in it observes
	// kept: arg is not a context but a value that keeps one (a gorm
	// session, a request made with it).
	kept bool
}

// where says where the observation is, for facts: "db.ExecContext at
// audit.go:12".
func (o observation) where() string {
	return fmt.Sprintf("%s at %s", callName(o.call), goroutine.ShortPos(o.c.p.Fset, o.call.Pos()))
}

// observations returns the calls in body that observe the cancellation of
// a context t tracks. With reads, ctx.Done(), ctx.Err() and ctx.Deadline()
// count too (for facts: a function that checks its context gives up when
// it is cancelled).
func (c *checker) observations(t *tracker, body ast.Node, reads bool) []observation {
	info := c.p.TypesInfo
	var out []observation
	ast.Inspect(body, func(n ast.Node) bool {
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
					out = append(out, observation{c: c, call: call, src: s})
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
			if pt == nil || !types.IsInterface(pt) || !goroutine.IsContextLike(pt) {
				continue
			}
			s := t.sourceOf(arg)
			if s == nil {
				continue
			}
			if why, ok := c.observes(call, fn, i); ok {
				out = append(out, observation{c: c, call: call, arg: arg, src: s, why: why})
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
// does.
func (c *checker) observes(call *ast.CallExpr, fn *types.Func, i int) (string, bool) {
	if fn == nil {
		return "", false // a call of a func value: unknown
	}
	if c.isValueOnly(fn) {
		return "", false
	}
	pkg := fn.Pkg()
	if pkg == nil {
		return "", false
	}
	if pkg.Path() == "context" {
		// Derivations are followed by the tracker; AfterFunc runs its
		// function the moment the context is cancelled.
		return "", fn.Name() == "AfterFunc"
	}
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		// A method of an interface: the implementation is not known; one
		// that takes a context (a repository, a client) does I/O with it.
		return "", true
	}
	if f := c.fact(fn); f != nil {
		if o := f.observed(i); o != nil {
			return o.Where, true
		}
		return "", false
	}
	// std and dependencies: context-taking calls do I/O with it
	// (database/sql, net/http, net.Dialer, os/exec, drivers, clients).
	return "", true
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
// it does not wait for (Fact.Detaches).
func (c *checker) detachingCalls(t *tracker, body ast.Node) []observation {
	info := c.p.TypesInfo
	var out []observation
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			return false // what a goroutine calls is the launch's business
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(info, n).(*types.Func)
			if fn == nil {
				return true
			}
			f := c.fact(fn)
			if f == nil {
				return true
			}
			for _, d := range f.Detaches {
				if d.Param < len(n.Args) {
					if s := t.sourceOf(n.Args[d.Param]); s != nil {
						out = append(out, observation{c: c, call: n, arg: n.Args[d.Param], src: s, why: d.Where})
						break
					}
				}
			}
		}
		return true
	})
	return out
}
