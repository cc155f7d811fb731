package gorecover

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// RecoverFact is exported for a function of the user's code that
// protects the goroutine running it, so that a rule sees through helpers
// in other packages:
//
//	func worker() { defer Recover(); ... } // Guarded
//
// Functions that stop a panic when deferred (Recover above) and wrappers
// that run their function argument on a new goroutine (safeGo(f)) have
// the model's goroutine.LauncherFact.
type RecoverFact struct {
	// Guarded: the function defers a function that recovers, so a
	// goroutine that runs it survives its own panics.
	Guarded bool
}

func (*RecoverFact) AFact() {}

func (f *RecoverFact) String() string {
	if f.Guarded {
		return "recover(guarded)"
	}
	return "recover()"
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
	r.compute()
	for _, fd := range m.FuncDecls() {
		if f := r.facts[fd.Obj]; f.Guarded {
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

// Recovers reports whether `defer fn()` certainly stops a panic: fn
// calls recover() itself (the model's LauncherFact), is a dependency's
// recover helper of the model's table, or is configured.
func (r *recovery) Recovers(fn *types.Func) bool {
	return r.m.Recovers(fn) || r.Configured(fn)
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
	r.m.InspectNoLits(body, nil, func(n ast.Node) bool {
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
	if goroutine.IsRecoverCall(info, d.Call) {
		return false, &falseRecover{Defer: d, Call: d.Call, Direct: true}
	}
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		direct := false
		r.m.InspectNoLits(lit.Body, nil, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && goroutine.IsRecoverCall(info, call) {
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
			if goroutine.IsRecoverCall(info, call) {
				bad = &falseRecover{Defer: d, Call: call}
			} else if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && r.Recovers(fn) {
				bad = &falseRecover{Defer: d, Call: call, Helper: fn}
			}
			return bad == nil
		})
		return false, bad
	}
	// The deferred function itself: a dependency's function named like a
	// recover helper counts too (the model's MayRecover).
	if fn, ok := typeutil.Callee(info, d.Call).(*types.Func); ok && (r.Recovers(fn) || r.m.MayRecover(fn)) {
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

// compute fills r.facts for the package's function declarations: Guarded
// needs only which deferred functions recover.
func (r *recovery) compute() {
	for _, fd := range r.m.FuncDecls() {
		f := &RecoverFact{}
		f.Guarded, _ = r.BodyRecovers(fd.Decl.Body)
		r.facts[fd.Obj] = f
	}
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
// its launcher: a pool of the launcher table that recovers its tasks
// (ants, pond) or re-raises them in Wait (conc), or a configured
// recovering launcher.
func (r *recovery) LaunchRecovers(l *goroutine.Launch) bool {
	return l.Launcher != nil && (l.Launcher.Recovers || r.configuredLauncher(l))
}
