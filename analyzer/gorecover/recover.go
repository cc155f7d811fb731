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

// BodyRecovers reports whether a function body defers a function that
// recovers, the configured ones included, and otherwise the first
// deferred call that looks like recovery but is not (the model's walk).
func (r *recovery) BodyRecovers(body *ast.BlockStmt) (bool, *goroutine.FalseRecover) {
	return r.m.BodyRecovers(body, r.Configured)
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
