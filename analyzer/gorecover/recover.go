package gorecover

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// RecoverFact is exported for a function that matters to panic recovery in
// goroutines: one that stops a panic when deferred, one that protects the
// goroutine running it, or a wrapper that runs its function argument on a
// new goroutine (safeGo(f)). It lets a rule see through helpers in other
// packages:
//
//	func Recover() { if r := recover(); r != nil { log.Print(r) } } // Recovers
//	func worker()  { defer Recover(); ... }                          // Guarded
//	func Go(f func()) { go func() { defer Recover(); f() }() }      // Runs f, recovered
type RecoverFact struct {
	// Recovers: the function calls recover() itself, so `defer f()` stops
	// a panic (the spec: recover must be called directly by the deferred
	// function).
	Recovers bool
	// Guarded: the function defers a function that recovers, so a
	// goroutine that runs it survives its own panics.
	Guarded bool
	// Runs lists the func-typed parameters the function runs on a new
	// goroutine.
	Runs []RunParam
}

// RunParam says that a parameter is run on a new goroutine, and whether
// that goroutine recovers.
type RunParam struct {
	Index     int    // parameter index, receiver excluded
	Recovered bool   // the goroutine defers a recovering function first
	Where     string // "go statement at pool.go:12"
}

func (*RecoverFact) AFact() {}

func (f *RecoverFact) String() string {
	var parts []string
	if f.Recovers {
		parts = append(parts, "recovers")
	}
	if f.Guarded {
		parts = append(parts, "guarded")
	}
	for _, r := range f.Runs {
		s := fmt.Sprintf("runs param %d", r.Index)
		if r.Recovered {
			s += " recovered"
		}
		parts = append(parts, s)
	}
	return "recover(" + strings.Join(parts, ", ") + ")"
}

// runs returns the parameters run on new goroutines; none for a nil fact.
func (f *RecoverFact) runs() []RunParam {
	if f == nil {
		return nil
	}
	return f.Runs
}

// recovery answers "does this goroutine survive its own panics?" for one
// package, from its syntax and from the RecoverFacts of its imports.
type recovery struct {
	pass *analysis.Pass
	m    *goroutine.Model
	// extra are configured functions that recover when deferred, or
	// launchers and wrappers whose goroutines recover.
	extra []*goroutine.Launcher
	facts map[*types.Func]*RecoverFact
}

// newRecovery computes the RecoverFacts of the package's functions and
// exports them. extra names functions the user says recover: deferring
// one protects a goroutine, and a launcher or wrapper among them starts
// protected goroutines.
func newRecovery(pass *analysis.Pass, m *goroutine.Model, extra []*goroutine.Launcher) *recovery {
	r := &recovery{pass: pass, m: m, extra: extra, facts: map[*types.Func]*RecoverFact{}}
	if stdlib.Is(pass, pass.Pkg.Path()) {
		return r // the standard library has no recovering helpers worth a fact
	}
	r.compute()
	for _, fd := range m.FuncDecls() {
		if f := r.facts[fd.Obj]; f.Recovers || f.Guarded || len(f.Runs) > 0 {
			pass.ExportObjectFact(fd.Obj, f)
		}
	}
	return r
}

// Fact returns the fact of fn, from this package or an imported one; nil
// if fn has none.
func (r *recovery) Fact(fn *types.Func) *RecoverFact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if f, ok := r.facts[fn]; ok {
		return f
	}
	if fn.Pkg() == r.pass.Pkg {
		return nil
	}
	var f RecoverFact
	if r.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// Configured reports whether fn is one of the configured recovering
// functions.
func (r *recovery) Configured(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	for _, l := range r.extra {
		if l.Matches(fn) {
			return true
		}
	}
	return false
}

// Recovers reports whether `defer fn()` stops a panic.
func (r *recovery) Recovers(fn *types.Func) bool {
	if f := r.Fact(fn); f != nil && f.Recovers {
		return true
	}
	return r.Configured(fn)
}

// Guarded reports whether a goroutine running fn survives fn's panics.
func (r *recovery) Guarded(fn *types.Func) bool {
	f := r.Fact(fn)
	return f != nil && f.Guarded
}

// A falseRecover is a deferred call that looks like recovery but is not: `defer
// recover()`, or recover (or a recovering helper) called by a function
// nested in the deferred one. recover returns nil in both.
type falseRecover struct {
	Defer *ast.DeferStmt
	// Call is the recover() or helper call that does not recover.
	Call *ast.CallExpr
	// Helper is the recovering helper Call calls, if it is not recover.
	Helper *types.Func
	// Direct is true for `defer recover()`.
	Direct bool
}

// BodyRecovers reports whether a function body defers a function that
// recovers, and otherwise the first deferred call that looks like recovery
// but is not. Defers in nested function literals belong to those literals
// and are not looked at.
func (r *recovery) BodyRecovers(body *ast.BlockStmt) (bool, *falseRecover) {
	if body == nil {
		return false, nil
	}
	var misuse *falseRecover
	ok := false
	goroutine.InspectNoLits(body, func(n ast.Node) bool {
		d, isDefer := n.(*ast.DeferStmt)
		if !isDefer || ok {
			return !ok
		}
		good, bad := r.deferRecovers(d)
		if good {
			ok = true
		} else if bad != nil && misuse == nil {
			misuse = bad
		}
		return false
	})
	if ok {
		return true, nil
	}
	return false, misuse
}

// deferRecovers reports whether d stops a panic, or how it fails to.
func (r *recovery) deferRecovers(d *ast.DeferStmt) (bool, *falseRecover) {
	info := r.pass.TypesInfo
	if isRecoverCall(info, d.Call) {
		return false, &falseRecover{Defer: d, Call: d.Call, Direct: true}
	}
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		direct := false
		goroutine.InspectNoLits(lit.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isRecoverCall(info, call) {
				direct = true
			}
			return !direct
		})
		if direct {
			return true, nil
		}
		// recover one call too deep: in a nested literal, or in a
		// helper that would recover if it were the deferred function.
		var bad *falseRecover
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || bad != nil {
				return bad == nil
			}
			if isRecoverCall(info, call) {
				bad = &falseRecover{Defer: d, Call: call}
			} else if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && r.Recovers(fn) {
				bad = &falseRecover{Defer: d, Call: call, Helper: fn}
			}
			return bad == nil
		})
		return false, bad
	}
	if fn, ok := typeutil.Callee(info, d.Call).(*types.Func); ok && r.Recovers(fn) {
		return true, nil
	}
	return false, nil
}

// Delegates reports whether a goroutine's function literal only defers
// calls and calls functions that are themselves guarded (go func() {
// defer wg.Done(); worker(job) }()): the panics that matter happen in the
// guarded function.
func (r *recovery) Delegates(body *ast.BlockStmt) bool {
	if body == nil || len(body.List) == 0 {
		return false
	}
	info := r.pass.TypesInfo
	guardedCall := false
	for _, stmt := range body.List {
		switch s := stmt.(type) {
		case *ast.DeferStmt:
		case *ast.ExprStmt:
			call, ok := ast.Unparen(s.X).(*ast.CallExpr)
			if !ok {
				return false
			}
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if !r.Guarded(fn) {
				return false
			}
			guardedCall = true
		case *ast.ReturnStmt:
			// return worker(job), in an errgroup function
			if len(s.Results) != 1 {
				return false
			}
			call, ok := ast.Unparen(s.Results[0]).(*ast.CallExpr)
			if !ok {
				return false
			}
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if !r.Guarded(fn) {
				return false
			}
			guardedCall = true
		default:
			return false
		}
	}
	return guardedCall
}

// compute fills r.facts for the package's function declarations. Recovers
// needs nothing but the function's own body; Guarded needs Recovers of
// the deferred functions; Runs propagates through wrappers of wrappers, to
// a fixed point.
func (r *recovery) compute() {
	info := r.pass.TypesInfo
	fns := r.m.FuncDecls()
	for _, fd := range fns {
		decl, obj := fd.Decl, fd.Obj
		f := &RecoverFact{}
		goroutine.InspectNoLits(decl.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isRecoverCall(info, call) {
				f.Recovers = true
			}
			return !f.Recovers
		})
		r.facts[obj] = f
	}
	for _, fi := range fns {
		r.facts[fi.Obj].Guarded, _ = r.BodyRecovers(fi.Decl.Body)
	}

	// Wrappers: which func-typed parameters run on a new goroutine, to a
	// fixed point through wrappers of wrappers. The step is monotone: a
	// parameter's run only appears, only turns from recovered to not
	// recovered, and its Where (the first reason among the worst) only
	// moves earlier.
	objs := make([]*types.Func, len(fns))
	for i, fi := range fns {
		objs[i] = fi.Obj
	}
	r.m.Fixpoint(objs, func(k int) bool {
		fi := fns[k]
		params := funcParams(fi.Obj)
		if len(params) == 0 {
			return false
		}
		found := map[int]RunParam{}
		note := func(i int, recovered bool, where string) {
			if old, ok := found[i]; !ok || (old.Recovered && !recovered) {
				found[i] = RunParam{Index: i, Recovered: recovered, Where: where}
			}
		}
		for _, l := range r.m.LaunchesIn(fi.Decl) {
			where := fmt.Sprintf("%s at %s", l.Describe(), goroutine.ShortPos(r.pass.Fset, l.Pos()))
			launcherRecovers := l.Launcher != nil && r.configuredLauncher(l)
			if i := paramIndex(info, params, l.Fun); i >= 0 {
				note(i, launcherRecovers, where)
				continue
			}
			if l.Lit == nil {
				continue
			}
			guarded, _ := r.BodyRecovers(l.Lit.Body)
			for _, i := range calledParams(info, params, l.Lit.Body) {
				note(i, guarded || launcherRecovers, where)
			}
		}
		// Handing a parameter to another wrapper.
		ast.Inspect(fi.Decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee, _ := typeutil.Callee(info, call).(*types.Func)
			if callee == nil || callee.Origin() == fi.Obj {
				return true
			}
			cf := r.Fact(callee)
			if cf == nil {
				return true
			}
			for _, run := range cf.Runs {
				if run.Index >= len(call.Args) {
					continue
				}
				arg := call.Args[run.Index]
				where := "via " + goroutine.FuncName(callee)
				if i := paramIndex(info, params, arg); i >= 0 {
					note(i, run.Recovered, where)
				} else if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
					guarded, _ := r.BodyRecovers(lit.Body)
					for _, i := range calledParams(info, params, lit.Body) {
						note(i, run.Recovered || guarded, where)
					}
				}
			}
			return true
		})
		var runs []RunParam
		for i := range params {
			if run, ok := found[i]; ok {
				runs = append(runs, run)
			}
		}
		f := r.facts[fi.Obj]
		if slices.Equal(f.Runs, runs) {
			return false
		}
		f.Runs = runs
		return true
	})
}

// configuredLauncher reports whether l's launcher is configured as one
// whose goroutines recover.
func (r *recovery) configuredLauncher(l *goroutine.Launch) bool {
	call, ok := l.Node.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(r.pass.TypesInfo, call).(*types.Func)
	return r.Configured(fn)
}

// LaunchRecovers reports whether the goroutine l starts is protected by
// its launcher: a configured recovering launcher (such as a pool that
// recovers its tasks).
func (r *recovery) LaunchRecovers(l *goroutine.Launch) bool {
	return l.Launcher != nil && r.configuredLauncher(l)
}

// funcParams returns fn's parameters, nil entries for those that are not
// functions.
func funcParams(fn *types.Func) []*types.Var {
	sig := fn.Type().(*types.Signature)
	var out []*types.Var
	hasFunc := false
	for v := range sig.Params().Variables() {
		if _, ok := v.Type().Underlying().(*types.Signature); ok {
			out = append(out, v)
			hasFunc = true
		} else {
			out = append(out, nil)
		}
	}
	if !hasFunc {
		return nil
	}
	return out
}

// paramIndex returns the index of the parameter e names, or -1.
func paramIndex(info *types.Info, params []*types.Var, e ast.Expr) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	obj := info.Uses[id]
	for i, p := range params {
		if p != nil && obj == p {
			return i
		}
	}
	return -1
}

// calledParams returns the indexes of the parameters body calls.
func calledParams(info *types.Info, params []*types.Var, body *ast.BlockStmt) []int {
	var out []int
	seen := map[int]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if i := paramIndex(info, params, call.Fun); i >= 0 && !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
		return true
	})
	sort.Ints(out)
	return out
}

// isRecoverCall reports whether call calls the builtin recover.
func isRecoverCall(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}
