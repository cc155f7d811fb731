package goroutine

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// LauncherFact is exported for a function of the user's code that runs
// one of its function parameters on a new goroutine — a "safe go" helper,
// a method that hands its argument to a pool — so that every rule sees a
// call of it as a launch, like a go statement:
//
//	func Go(f func()) { go func() { defer Recover(); f() }() } // runs f, recovered
//	func (s *Svc) Async(job func()) { s.pool.Submit(job) }      // runs job
//	func Recover() { if r := recover(); r != nil { log(r) } }   // recovers
//
// Facts hold what the code shows, never the configuration of a rule
// (-gorecover.recoverers is applied where it is used): a driver may cache
// them by the package's content. Dependencies have none (the rule
// framework skips them, issue 12): their wrappers are in the launcher
// table (apis.Launchers), their recover helpers in apis.Recoverers.
type LauncherFact struct {
	// Recovers: the function calls recover() itself, so deferring it
	// stops a panic (the spec: recover must be called directly by the
	// deferred function). Wrappers in other packages need it to tell
	// whether their goroutine recovers.
	Recovers bool
	// Runs lists the function parameters run on a new goroutine.
	Runs []RunParam
}

// RunParam says that a function parameter is run on a new goroutine.
type RunParam struct {
	Index int // parameter index, receiver excluded
	// Joined: every goroutine that runs it is waited for before the
	// function returns (a helper that waits), so it cannot outlive the
	// caller.
	Joined bool
	// Recovered: every goroutine that runs it defers a function that
	// recovers, or is started by a launcher that recovers.
	Recovered bool
	// Where says how (rendered "go statement at pool.go:12", "via
	// safe.Go").
	Where LaunchAt
}

func (*LauncherFact) AFact() {}

func (f *LauncherFact) String() string {
	var parts []string
	if f.Recovers {
		parts = append(parts, "recovers")
	}
	for _, r := range f.Runs {
		s := fmt.Sprintf("runs param %d", r.Index)
		if r.Joined {
			s += " joined"
		}
		if r.Recovered {
			s += " recovered"
		}
		parts = append(parts, s)
	}
	return "go(" + strings.Join(parts, ", ") + ")"
}

// Run returns what the fact says about parameter i, or nil.
func (f *LauncherFact) Run(i int) *RunParam {
	if f == nil {
		return nil
	}
	for k := range f.Runs {
		if f.Runs[k].Index == i {
			return &f.Runs[k]
		}
	}
	return nil
}

// LauncherFactOf returns the launcher fact of fn, from this package or an
// imported one, or nil.
func (m *Model) LauncherFactOf(fn *types.Func) *LauncherFact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() == m.pass.Pkg {
		m.launcherFacts()
		return m.launchers[fn]
	}
	return ImportedFact(m.pass, m.launchersImported, fn)
}

// ImportedFact returns the fact of type *F that fn's package exported, or
// nil, reading it once per function through cache: fixed points and call
// sites ask again and again.
func ImportedFact[F any, PF interface {
	*F
	analysis.Fact
}](pass *analysis.Pass, cache map[*types.Func]PF, fn *types.Func) PF {
	if f, ok := cache[fn]; ok {
		return f
	}
	var f PF
	if fact := PF(new(F)); pass.ImportObjectFact(fn, fact) {
		f = fact
	}
	cache[fn] = f
	return f
}

// ExportLauncherFacts computes the package's launcher facts and exports
// them. The rule framework calls it for every package of the user's code,
// whatever rules run, so that importers see the package's wrappers.
func (m *Model) ExportLauncherFacts() {
	for _, obj := range SortedFuncs(m.launcherFacts()) {
		if f := m.launchers[obj]; f.Recovers || len(f.Runs) > 0 {
			m.pass.ExportObjectFact(obj, f)
		}
	}
}

// launcherFacts computes the facts of the package's functions, once: a
// fixed point over the launches in each function (go statements, launcher
// calls, and calls of wrappers known so far) whose function is a
// parameter, or a literal that calls one.
func (m *Model) launcherFacts() map[*types.Func]*LauncherFact {
	if m.launchers != nil {
		return m.launchers
	}
	m.launchers = map[*types.Func]*LauncherFact{}
	if !stdlib.UserCode(m.pass) {
		// Std's and dependencies' wrappers (time.AfterFunc, go-zero's
		// threading.GoSafe) are in the launcher table: drivers that read
		// them from export data have no syntax to compute facts from.
		return m.launchers
	}
	info := m.pass.TypesInfo
	decls := m.FuncDecls()
	for _, fd := range decls {
		f := &LauncherFact{}
		m.InspectNoLits(fd.Decl.Body, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && IsRecoverCall(info, call) {
				f.Recovers = true
			}
			return !f.Recovers
		})
		m.launchers[fd.Obj] = f
	}
	// The base launches, and every call, by the declaration whose body
	// runs them: not those in a nested literal, which runs later if ever
	// (a middleware factory returns the closure that starts the
	// goroutine: calling the factory starts none).
	base := map[*ast.FuncDecl][]*Launch{}
	for _, l := range m.baseLaunches() {
		if d, ok := l.Encl.(*ast.FuncDecl); ok {
			base[d] = append(base[d], l)
		}
	}
	// (Only a function with function parameters can run one: the
	// step below looks at no other.)
	calls := map[*ast.FuncDecl][]inspector.Cursor{}
	for _, fd := range decls {
		if funcParams(fd.Obj) == nil {
			continue
		}
		for cur := range fd.Body.Preorder((*ast.CallExpr)(nil)) {
			if astx.EnclosingFunc(cur) == ast.Node(fd.Decl) {
				calls[fd.Decl] = append(calls[fd.Decl], cur)
			}
		}
	}
	objs := make([]*types.Func, len(decls))
	for i, fd := range decls {
		objs[i] = fd.Obj
	}
	// The step is monotone: launches are fixed and wrappers' runs only
	// appear or turn from joined to not joined and from recovered to not
	// recovered, so each parameter's run does the same, and its Where
	// (the first reason among the worst) only moves earlier.
	m.Fixpoint(objs, func(i int) bool {
		fd := decls[i]
		params := funcParams(fd.Obj)
		if params == nil {
			return false
		}
		found := map[int]RunParam{}
		note := func(l *Launch, idx int, recovered bool) {
			where := LaunchAtOf(m.pass.Fset, l)
			if l.Wrapper != nil {
				where = LaunchAt{Via: FuncName(l.Wrapper)}
			}
			joined := m.Joined(l)
			old, ok := found[idx]
			if !ok {
				found[idx] = RunParam{Index: idx, Joined: joined, Recovered: recovered, Where: where}
				return
			}
			if old.Recovered && !recovered {
				old.Where = where
			}
			old.Joined = old.Joined && joined
			old.Recovered = old.Recovered && recovered
			found[idx] = old
		}
		visit := func(l *Launch) {
			launcherRecovers := l.Launcher != nil && l.Launcher.Recovers
			if idx := paramIndex(info, params, l.Fun); idx >= 0 {
				note(l, idx, launcherRecovers)
				return
			}
			if l.Lit == nil {
				return
			}
			recovered := launcherRecovers || m.bodyRecovers(l.Lit.Body)
			for _, idx := range calledParams(info, params, l.Lit.Body) {
				note(l, idx, recovered)
			}
		}
		for _, l := range base[fd.Decl] {
			visit(l)
		}
		for _, cur := range calls[fd.Decl] {
			for _, l := range m.wrapperLaunches(cur, fd.Obj) {
				visit(l)
			}
		}
		var runs []RunParam
		for idx := range params {
			if run, ok := found[idx]; ok {
				runs = append(runs, run)
			}
		}
		f := m.launchers[fd.Obj]
		if slices.Equal(f.Runs, runs) {
			return false
		}
		f.Runs = runs
		return true
	})
	return m.launchers
}

// RunsParam reports whether l, a launch in the function fn, runs one of
// fn's function parameters, itself or from a literal that calls it: a
// wrapper's launch, whose caller's argument decides what runs.
func (m *Model) RunsParam(fn *types.Func, l *Launch) bool {
	params := funcParams(fn)
	if params == nil {
		return false
	}
	info := m.pass.TypesInfo
	return paramIndex(info, params, l.Fun) >= 0 || l.Lit != nil && len(calledParams(info, params, l.Lit.Body)) > 0
}

// wrapperLaunches returns the launches a call of a function with a
// launcher fact makes: one per parameter it runs (per argument, for a
// variadic one). self, if not nil, is the function the call is in: a
// recursive call adds nothing. Calls of table launchers are launches of
// their own and are left out.
func (m *Model) wrapperLaunches(cur inspector.Cursor, self *types.Func) []*Launch {
	info := m.pass.TypesInfo
	call := cur.Node().(*ast.CallExpr)
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Origin() == self {
		return nil
	}
	if lr, _ := matchLauncher(info, call, m.allLaunchers()); lr != nil {
		return nil
	}
	f := m.LauncherFactOf(fn)
	if f == nil || len(f.Runs) == 0 {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	var recv ast.Expr
	recvName, recvType := "", types.Type(nil)
	if r := sig.Recv(); r != nil {
		recvType = r.Type()
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			recv = sel.X
		}
		recvName = namedOf(recvType)
	}
	var out []*Launch
	for k := range f.Runs {
		run := &f.Runs[k]
		if run.Index >= len(call.Args) {
			continue
		}
		args := call.Args[run.Index:]
		if !(sig.Variadic() && run.Index == sig.Params().Len()-1) || call.Ellipsis.IsValid() {
			args = args[:1]
		}
		for _, arg := range args {
			l := &Launch{
				Kind: LauncherCall,
				Node: call,
				Fun:  arg,
				Launcher: &Launcher{
					Func:     apis.F(fn.Pkg().Path(), recvName, fn.Name()),
					Wait:     waitMethod(recvType, fn.Pkg()),
					Recovers: run.Recovered,
					Sync:     run.Joined,
				},
				Recv:    recv,
				Wrapper: fn,
				Run:     run,
				Cursor:  cur,
			}
			l.Encl = astx.EnclosingFunc(cur)
			m.resolveFun(l)
			out = append(out, l)
		}
	}
	return out
}

// waitMethod returns "Wait" if the receiver type has a method Wait: a
// user's pool or group whose wrapper method is joined by it, as
// ParseLauncher assumes for configured methods.
func waitMethod(recv types.Type, pkg *types.Package) string {
	if recv == nil {
		return ""
	}
	if obj, _, _ := types.LookupFieldOrMethod(recv, true, pkg, "Wait"); obj != nil {
		if _, ok := obj.(*types.Func); ok {
			return "Wait"
		}
	}
	return ""
}

// namedOf returns the name of the named type t or *t, or "".
func namedOf(t types.Type) string {
	if named := astx.NamedOf(t); named != nil {
		return named.Obj().Name()
	}
	return ""
}

// bodyRecovers reports whether a goroutine's body defers a function that
// recovers (BodyRecovers, with no configured recoverers).
func (m *Model) bodyRecovers(body *ast.BlockStmt) bool {
	ok, _ := m.BodyRecovers(body, nil)
	return ok
}

// A FalseRecover is a deferred call that looks like recovery but is not:
// `defer recover()`, or recover (or a recovering helper) called by a
// function nested in the deferred one. recover returns nil in both.
type FalseRecover struct {
	Defer *ast.DeferStmt
	// Call is the recover() or helper call that does not recover.
	Call *ast.CallExpr
	// Helper is the recovering helper Call calls, if it is not recover.
	Helper *types.Func
	// Direct is true for `defer recover()`.
	Direct bool
}

// BodyRecovers reports whether a function body defers, outside nested
// literals (their defers are theirs), a function that stops a panic: a
// literal that calls recover() itself, or a function MayRecover says
// does, or extra does (a rule's configured recoverers; nil for none).
// Otherwise it returns the first deferred call that looks like recovery
// but is not.
func (m *Model) BodyRecovers(body *ast.BlockStmt, extra func(*types.Func) bool) (bool, *FalseRecover) {
	if body == nil {
		return false, nil
	}
	var misuse *FalseRecover
	ok := false
	m.InspectNoLits(body, []ast.Node{(*ast.DeferStmt)(nil)}, func(n ast.Node) bool {
		d, isDefer := n.(*ast.DeferStmt)
		if !isDefer || ok {
			return !ok
		}
		good, bad := m.deferRecovers(d, extra)
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
func (m *Model) deferRecovers(d *ast.DeferStmt, extra func(*types.Func) bool) (bool, *FalseRecover) {
	info := m.pass.TypesInfo
	recovers := func(fn *types.Func) bool { return m.Recovers(fn) || extra != nil && fn != nil && extra(fn) }
	if IsRecoverCall(info, d.Call) {
		return false, &FalseRecover{Defer: d, Call: d.Call, Direct: true}
	}
	lit, isLit := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
	if !isLit {
		// The deferred function itself: a dependency's function outside
		// the table may recover too (MayRecover).
		fn, _ := typeutil.Callee(info, d.Call).(*types.Func)
		return fn != nil && (m.MayRecover(fn) || recovers(fn)), nil
	}
	direct := false
	m.InspectNoLits(lit.Body, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		if call, isCall := n.(*ast.CallExpr); isCall && IsRecoverCall(info, call) {
			direct = true
		}
		return !direct
	})
	if direct {
		return true, nil
	}
	// recover one call too deep: in a nested literal, or in a helper
	// that would recover if it were the deferred function.
	var bad *FalseRecover
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		call, isCall := n.(*ast.CallExpr)
		if !isCall || bad != nil {
			return bad == nil
		}
		if IsRecoverCall(info, call) {
			bad = &FalseRecover{Defer: d, Call: call}
		} else if fn, isFn := typeutil.Callee(info, call).(*types.Func); isFn && recovers(fn) {
			bad = &FalseRecover{Defer: d, Call: call, Helper: fn}
		}
		return bad == nil
	})
	return false, bad
}

// Recovers reports whether `defer fn()` certainly stops a panic: fn calls
// recover() itself (its LauncherFact, for the user's code), or is a
// dependency's recover helper of the table (apis.Recoverers).
func (m *Model) Recovers(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if f := m.LauncherFactOf(fn); f != nil && f.Recovers {
		return true
	}
	return apis.Any(apis.Recoverers(), fn)
}

// MayRecover is Recovers, and also true for a package-level function of
// a versioned dependency outside the table (defer kit.Guard()): a
// dependency has no facts (issue 12), so whether it recovers is unknown,
// and precision comes first — a goroutine that defers one is not judged
// (name it in -gorecover.recoverers, or in the table, to say it does). A
// method of a dependency's value (span.End, tx.Rollback) is that value's
// release: recover returns nil unless the deferred function calls it
// itself, and a method whose job is recovery would be a package-level
// function of its library in every case the table lists. Only for the
// deferred function itself: a helper called from a deferred literal is
// reported as a misuse only when it certainly recovers.
func (m *Model) MayRecover(fn *types.Func) bool {
	if m.Recovers(fn) {
		return true
	}
	if fn == nil || fn.Pkg() == nil || m.UserCode(fn.Pkg()) || stdlib.Is(m.pass, fn.Pkg().Path()) {
		return false
	}
	return fn.Signature().Recv() == nil
}

// IsRecoverCall reports whether call calls the builtin recover.
func IsRecoverCall(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}

// funcParams returns fn's parameters, nil entries for those that are not
// functions; nil if none is.
func funcParams(fn *types.Func) []*types.Var {
	sig := fn.Type().(*types.Signature)
	var out []*types.Var
	hasFunc := false
	for i := 0; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		t := v.Type()
		if s, ok := t.(*types.Slice); ok && sig.Variadic() && i == sig.Params().Len()-1 {
			t = s.Elem() // fs ...func(): each argument is run
		}
		if _, ok := t.Underlying().(*types.Signature); ok {
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

// calledParams returns the indexes of the parameters body calls (for a
// variadic parameter, any call of one of its elements: fs[i]()).
func calledParams(info *types.Info, params []*types.Var, body *ast.BlockStmt) []int {
	var out []int
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			fun := ast.Unparen(call.Fun)
			if ix, ok := fun.(*ast.IndexExpr); ok {
				fun = ix.X
			}
			if i := paramIndex(info, params, fun); i >= 0 && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
		return true
	})
	slices.Sort(out)
	return out
}
