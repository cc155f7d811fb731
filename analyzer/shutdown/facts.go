package shutdown

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// StopsFact says a function stops a server — Shutdown or Close, itself or
// through the functions it calls — and watches context or channel
// parameters while it runs: `func (s *Server) Run(ctx context.Context)`
// that serves and calls srv.Shutdown once ctx is done. A signal context
// handed to such a function feeds that stop, in another package too.
type StopsFact struct {
	Params []int // the context and channel parameters it watches
	Stop   Stop  // the stop
	Grace  bool  // the stop is a Shutdown, not a Close
}

// A Stop is the call that stops a server, as data: the call as written
// ("srv.Shutdown") and where it is.
type Stop struct {
	Call string
	At   goroutine.Pos
}

// String renders the stop for messages: "srv.Shutdown at server.go:40".
func (s Stop) String() string { return s.Call + " at " + s.At.String() }

// stopOf is the Stop of a stop site.
func (c *checker) stopOf(s *site) Stop {
	return Stop{Call: s.recv + "." + s.fn.Name, At: goroutine.PosOf(c.p.Fset, s.sel.Pos())}
}

func (*StopsFact) AFact() {}

func (f *StopsFact) String() string { return fmt.Sprintf("stops(%v: %s)", f.Params, f.Stop) }

// summarize computes the StopsFact of the package's functions, to a fixed
// point through calls, and exports them.
func (c *checker) summarize() {
	type cand struct {
		decl   *ast.FuncDecl
		fn     *types.Func
		params map[types.Object]int // watched parameters by index
	}
	var cands []cand
	for _, fd := range c.p.Model().FuncDecls() {
		sig := fd.Obj.Type().(*types.Signature)
		params := map[types.Object]int{}
		for i := 0; i < sig.Params().Len(); i++ {
			v := sig.Params().At(i)
			if _, ok := v.Type().Underlying().(*types.Chan); ok || goroutine.IsContextLike(v.Type()) {
				params[v] = i
			}
		}
		if len(params) > 0 && !c.isTestFile(fd.Decl) {
			cands = append(cands, cand{fd.Decl, fd.Obj, params})
		}
	}
	// Directly: a stop in the body, and a watched parameter used in it.
	for _, cd := range cands {
		var stop *site
		stopArgs := map[ast.Expr]bool{}
		for _, s := range c.stops {
			if cd.decl.Pos() <= s.sel.Pos() && s.sel.End() <= cd.decl.End() {
				if stop == nil || s.grace && !stop.grace {
					stop = s
				}
				if s.call != nil {
					for _, a := range s.call.Args {
						stopArgs[ast.Unparen(a)] = true
					}
				}
			}
		}
		if stop == nil {
			continue
		}
		// A context handed to Shutdown itself is its deadline, not what
		// triggers it: `func (s *Server) Stop(ctx) error { return
		// s.http.Shutdown(ctx) }` stops when called.
		var used []int
		ast.Inspect(cd.decl.Body, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok && stopArgs[e] {
				return false
			}
			if id, ok := n.(*ast.Ident); ok {
				if i, ok := cd.params[c.info.Uses[id]]; ok && !slices.Contains(used, i) {
					used = append(used, i)
				}
			}
			return true
		})
		if len(used) > 0 {
			sort.Ints(used)
			c.facts[cd.fn] = &StopsFact{Params: used, Stop: c.stopOf(stop), Grace: stop.grace}
		}
	}
	// Through calls that hand a watched parameter on, to a fixed point
	// over the calls (Model.Fixpoint): monotone (a function gains a fact
	// once and keeps it), so it converges.
	objs := make([]*types.Func, len(cands))
	for i, cd := range cands {
		objs[i] = cd.fn
	}
	c.p.Model().Fixpoint(objs, func(i int) bool {
		cd := cands[i]
		if c.facts[cd.fn] != nil {
			return false
		}
		changed := false
		ast.Inspect(cd.decl.Body, func(n ast.Node) bool {
			if c.facts[cd.fn] != nil {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			f := c.stopsFact(typeutil.StaticCallee(c.info, call))
			if f == nil {
				return true
			}
			var used []int
			for _, i := range f.Params {
				if i >= len(call.Args) {
					continue
				}
				if id := identOf(call.Args[i]); id != nil {
					if j, ok := cd.params[c.info.Uses[id]]; ok && !slices.Contains(used, j) {
						used = append(used, j)
					}
				}
			}
			if len(used) > 0 {
				sort.Ints(used)
				c.facts[cd.fn] = &StopsFact{Params: used, Stop: f.Stop, Grace: f.Grace}
				changed = true
			}
			return true
		})
		return changed
	})
	for _, cd := range cands {
		if f := c.facts[cd.fn]; f != nil {
			c.p.ExportObjectFact(cd.fn, f)
		}
	}
}

// stopsFact returns what is known of fn: from this package, or a fact.
func (c *checker) stopsFact(fn *types.Func) *StopsFact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if f, ok := c.facts[fn]; ok {
		return f
	}
	if fn.Pkg() == c.p.Pkg {
		return nil
	}
	f := new(StopsFact)
	if !c.p.ImportObjectFact(fn, f) {
		f = nil
	}
	c.facts[fn] = f
	return f
}

func (c *checker) isTestFile(n ast.Node) bool {
	return astx.InTestFile(c.p.Fset, n.Pos())
}

// WrapsStopFact says a function with no parameters stops a server when
// called: `func (as *AdminServer) Shutdown() error` around
// as.server.Shutdown(ctx). main calling it after the signal
// wait stops the server.
type WrapsStopFact struct {
	Stop  Stop
	Grace bool
}

func (*WrapsStopFact) AFact()           {}
func (f *WrapsStopFact) String() string { return "wraps(" + f.Stop.String() + ")" }

// wrapFacts exports the WrapsStopFact of the package's functions without
// parameters that call Shutdown or Close directly.
func (c *checker) wrapFacts() {
	for _, fd := range c.p.Model().FuncDecls() {
		if fd.Obj.Type().(*types.Signature).Params().Len() > 0 || c.isTestFile(fd.Decl) {
			continue
		}
		if fd.Decl.Recv == nil && fd.Decl.Name.Name == "main" && c.p.Pkg.Name() == "main" {
			continue // called by no one
		}
		var stop *site
		for _, s := range c.stops {
			// Called directly: not on a goroutine it starts, not deferred
			// for later.
			if astx.EnclosingFunc(s.cur) == ast.Node(fd.Decl) && s.call != nil && (stop == nil || s.grace && !stop.grace) {
				stop = s
			}
		}
		if stop != nil {
			f := &WrapsStopFact{Stop: c.stopOf(stop), Grace: stop.grace}
			c.wraps[fd.Obj] = f
			c.p.ExportObjectFact(fd.Obj, f)
		}
	}
}

// wrapsStop returns what is known of fn as a stop wrapper, or nil.
func (c *checker) wrapsStop(fn *types.Func) *WrapsStopFact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if f, ok := c.wraps[fn]; ok {
		return f
	}
	var f *WrapsStopFact
	if fn.Pkg() != c.p.Pkg && fn.Pkg() != nil && !stdlib.Is(c.p.Pass, fn.Pkg().Path()) {
		f = new(WrapsStopFact)
		if !c.p.ImportObjectFact(fn, f) {
			f = nil
		}
	}
	c.wraps[fn] = f
	return f
}
