// Package goroutine answers, once per package, the questions every
// ginctxlint rule asks about goroutines:
//
//   - where goroutines are launched (go statements and launcher calls such
//     as errgroup's Go and time.AfterFunc), and what function they run;
//   - whether the launching function waits for a goroutine before it
//     returns (a join), on every path;
//   - which functions run while serving a request (handlers and
//     middleware of the frameworks in package frameworks, net/http
//     handlers).
//
// Rules get a *Model from their pass and stay small.
package goroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/callgraph"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
)

// Config is the user-extensible part of the model.
type Config struct {
	Launchers    []*Launcher        // in addition to the builtin ones
	ContextTypes []*frameworks.Type // in addition to frameworks.Builtin
}

// A Launcher is a function or method that runs one of its arguments, a
// function value, on another goroutine: apis.Launcher, whose table
// (apis.Launchers) the model reads.
type Launcher = apis.Launcher

// allLaunchers returns the builtin launchers and the configured ones.
func (m *Model) allLaunchers() []*Launcher {
	if m.launcherTable == nil {
		m.launcherTable = append(apis.Launchers(), m.cfg.Launchers...)
	}
	return m.launcherTable
}

// ParseLauncher parses a -launchers entry: apis.ParseLauncher. (Kept
// for the rules that still parse other lists with it; they move to
// apis.Parse.)
func ParseLauncher(spec string) (*Launcher, error) { return apis.ParseLauncher(spec) }

// Kind says how a goroutine was started.
type Kind int

const (
	GoStmt       Kind = iota // go f(x)
	LauncherCall             // g.Go(f), time.AfterFunc(d, f), safe.Go(f) (a LauncherFact), ...
)

// A Launch is one place that starts a goroutine.
type Launch struct {
	Kind Kind
	// Node is the *ast.GoStmt or the launcher's *ast.CallExpr.
	Node ast.Node
	// Call is the call the goroutine makes, for a go statement: its
	// function and arguments are evaluated before the goroutine starts.
	Call *ast.CallExpr
	// Fun is the function value the goroutine runs.
	Fun ast.Expr
	// Lit is the function literal the goroutine runs, if known: Fun itself,
	// or the literal a local variable Fun names was set to once.
	Lit *ast.FuncLit
	// Callee is the named function or concrete method the goroutine runs,
	// if static.
	Callee *types.Func
	// Launcher and Recv are set for launcher calls: g.Go(f) has Recv g.
	Launcher *Launcher
	Recv     ast.Expr
	// Wrapper and Run are set for a call of a function with a
	// LauncherFact: what it says of the parameter f is passed as.
	Wrapper *types.Func
	Run     *RunParam
	// Ignored marks the arguments of Call that Callee never reads
	// (Model.Ignores): the goroutine does not hold them.
	Ignored map[ast.Expr]bool
	// Encl is the innermost function declaration or literal the launch is
	// in (nil at package level).
	Encl ast.Node
	// Cursor is the launch node's position in the syntax tree.
	Cursor inspector.Cursor
}

// Pos is where to report the launch: the go keyword or the launcher's name
// (staticcheck's ShortRange idea: not the whole literal).
func (l *Launch) Pos() token.Pos {
	if g, ok := l.Node.(*ast.GoStmt); ok {
		return g.Go
	}
	call := l.Node.(*ast.CallExpr)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.Sel.Pos()
	}
	return call.Fun.Pos()
}

// End is the end of the launch's short range.
func (l *Launch) End() token.Pos {
	if g, ok := l.Node.(*ast.GoStmt); ok {
		return g.Go + token.Pos(len("go"))
	}
	call := l.Node.(*ast.CallExpr)
	return call.Fun.End()
}

// Describe names the launch for messages: "go statement" or
// "(*errgroup.Group).Go".
func (l *Launch) Describe() string {
	if l.Launcher != nil {
		return l.Launcher.String()
	}
	return "go statement"
}

// Body is the body of the function literal the goroutine runs, or nil.
func (l *Launch) Body() *ast.BlockStmt {
	if l.Lit != nil {
		return l.Lit.Body
	}
	return nil
}

// EvaluatedAtLaunch returns the expressions evaluated by the launching
// goroutine before the new one starts and handed to it: the arguments of
// `go f(x, y)`, the receiver of a method value (`go j.run()`, `g.Go(j.run)`),
// and a function value that is not a literal. Arguments the goroutine's
// function never reads (Ignored) are left out.
func (l *Launch) EvaluatedAtLaunch() []ast.Expr {
	var out []ast.Expr
	if l.Call != nil {
		for _, arg := range l.Call.Args {
			if !l.Ignored[arg] {
				out = append(out, arg)
			}
		}
	}
	switch fun := ast.Unparen(l.Fun).(type) {
	case *ast.FuncLit:
	case *ast.SelectorExpr:
		out = append(out, fun.X)
	case *ast.Ident:
		if l.Lit == nil && l.Callee == nil {
			out = append(out, fun) // a func-typed variable, e.g. a closure
		}
	default:
		if fun != nil {
			out = append(out, fun)
		}
	}
	return out
}

// findLaunches lists every launch in the package, in source order: the
// base launches, and calls of functions with a LauncherFact.
func (m *Model) findLaunches() []*Launch {
	m.launcherFacts()
	base := m.baseLaunches()
	out := make([]*Launch, 0, len(base))
	i := 0
	for cur := range m.insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		for i < len(base) && base[i].Node == cur.Node() {
			out = append(out, base[i])
			i++
		}
		if _, ok := cur.Node().(*ast.CallExpr); ok {
			out = append(out, m.wrapperLaunches(cur, nil)...)
		}
	}
	return out
}

// baseLaunches lists the go statements and the calls of launchers of the
// table, in source order, once.
func (m *Model) baseLaunches() []*Launch {
	if m.base != nil {
		return m.base
	}
	m.base = []*Launch{}
	launchers := m.allLaunchers()
	for cur := range m.insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		var ls []*Launch
		switch n := cur.Node().(type) {
		case *ast.GoStmt:
			ls = append(ls, &Launch{Kind: GoStmt, Node: n, Call: n.Call, Fun: n.Call.Fun})
		case *ast.CallExpr:
			lr, recv := matchLauncher(m.pass.TypesInfo, n, launchers)
			if lr == nil {
				continue
			}
			for _, fn := range funcArgs(m.pass.TypesInfo, n) {
				ls = append(ls, &Launch{Kind: LauncherCall, Node: n, Fun: fn, Launcher: lr, Recv: recv})
			}
		}
		for _, l := range ls {
			l.Cursor = cur
			for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
				l.Encl = enc.Node()
				break
			}
			m.resolveFun(l)
			m.base = append(m.base, l)
		}
	}
	return m.base
}

// resolveFun sets l.Lit and l.Callee from l.Fun.
func (m *Model) resolveFun(l *Launch) {
	info := m.pass.TypesInfo
	switch fun := ast.Unparen(l.Fun).(type) {
	case *ast.FuncLit:
		l.Lit = fun
	case *ast.Ident:
		switch obj := info.Uses[fun].(type) {
		case *types.Func:
			l.Callee = obj
		case *types.Var:
			if l.Encl != nil {
				l.Lit = m.closures(l.Encl)[obj]
			}
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[fun]; sel != nil {
			if f, ok := sel.Obj().(*types.Func); ok && !types.IsInterface(sel.Recv()) {
				l.Callee = f
			}
		} else if f, ok := info.Uses[fun.Sel].(*types.Func); ok {
			l.Callee = f // pkg.Func
		}
	}
	if l.Call != nil && l.Callee == nil && l.Lit == nil {
		if f := typeutil.StaticCallee(info, l.Call); f != nil {
			l.Callee = f
		}
	}
	// go connect(ctx, addr) where connect never reads ctx. The call's
	// own signature must be the callee's (not a method expression, whose
	// first argument is the receiver).
	if l.Call != nil && l.Callee != nil {
		if sig, ok := info.TypeOf(l.Call.Fun).(*types.Signature); ok && sig.Params().Len() == l.Callee.Type().(*types.Signature).Params().Len() {
			for i, arg := range l.Call.Args {
				if i < sig.Params().Len() && m.Ignores(l.Callee, i) {
					if l.Ignored == nil {
						l.Ignored = map[ast.Expr]bool{}
					}
					l.Ignored[arg] = true
				}
			}
		}
	}
}

// closures maps the local variables of fn (and its nested literals) that
// are assigned a function literal exactly once, and nothing else, to it.
func (m *Model) closures(fn ast.Node) map[types.Object]*ast.FuncLit {
	if c, ok := m.closureCache[fn]; ok {
		return c
	}
	info := m.pass.TypesInfo
	lits := map[types.Object]*ast.FuncLit{}
	count := map[types.Object]int{}
	note := func(id *ast.Ident, rhs ast.Expr) {
		obj := info.ObjectOf(id)
		if obj == nil {
			return
		}
		count[obj]++
		if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
			lits[obj] = lit
		}
	}
	m.Inspect(fn, []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
						note(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) {
					note(id, n.Values[i])
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND { // &f: may be set elsewhere
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if obj := info.ObjectOf(id); obj != nil {
						count[obj] += 2
					}
				}
			}
		}
		return true
	})
	for obj := range lits {
		if count[obj] != 1 {
			delete(lits, obj)
		}
	}
	m.closureCache[fn] = lits
	return lits
}

// matchLauncher reports whether call calls a launcher, and its receiver.
func matchLauncher(info *types.Info, call *ast.CallExpr, launchers []*Launcher) (*Launcher, ast.Expr) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return nil, nil
	}
	// Asked for every call of the package, against every launcher of the
	// tables: name the callee once.
	k, ok := apis.Of(fn)
	if !ok {
		return nil, nil
	}
	for _, l := range launchers {
		if l.Func == k {
			var recv ast.Expr
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && l.Recv != "" {
				recv = sel.X
			}
			return l, recv
		}
	}
	return nil, nil
}

// funcArgs returns the function arguments a launcher call runs: every
// argument in the place of a variadic function parameter (pond's
// group.Submit(f, g)), else the last argument whose type is a function.
func funcArgs(info *types.Info, call *ast.CallExpr) []ast.Expr {
	if sig, ok := info.TypeOf(call.Fun).(*types.Signature); ok && sig.Variadic() && !call.Ellipsis.IsValid() {
		last := sig.Params().Len() - 1
		if s, ok := sig.Params().At(last).Type().(*types.Slice); ok {
			if _, ok := s.Elem().Underlying().(*types.Signature); ok {
				if last < len(call.Args) {
					return call.Args[last:]
				}
				return nil
			}
		}
	}
	for i := len(call.Args) - 1; i >= 0; i-- {
		if tv, ok := info.Types[call.Args[i]]; ok {
			if _, ok := tv.Type.Underlying().(*types.Signature); ok {
				return call.Args[i : i+1]
			}
		}
	}
	return nil
}

// Model is the goroutine model of one package. It computes what it is
// asked for on first use and keeps it (launches, control-flow graphs,
// facts of the package's functions), so it is not safe for concurrent
// use: drivers may run the analyzers that share it in parallel on a
// package, and each holds its lock while it uses it (see Lock).
type Model struct {
	// The package's call graph: FuncDecls, DeclOf, Callees,
	// Implementations, UserCode, Fixpoint.
	*callgraph.Graph

	mu    sync.Mutex
	pass  *analysis.Pass
	insp  *inspector.Inspector
	cfg   Config
	table *frameworks.Table

	launches     []*Launch
	launchesDone bool
	closureCache map[ast.Node]map[types.Object]*ast.FuncLit
	cfgCache     map[ast.Node]*funcCFG
	launchesIn   map[*ast.FuncDecl][]*Launch
	launchOfLit  map[*ast.FuncLit]*Launch // LaunchOf
	isHandler    map[ast.Node]bool        // IsHandler, by function
	handlerAt    map[ast.Node]ast.Node    // RequestHandlerAt, by innermost function
	bindings     map[ast.Node][]binding   // EachBinding, by function
	// base holds the go statements and table launcher calls; launchers
	// the package's launcher facts, computed from them.
	base              []*Launch
	launcherTable     []*Launcher
	launchers         map[*types.Func]*LauncherFact
	launchersImported map[*types.Func]*LauncherFact
	registered        map[*types.Var]bool // fields the exported API stores callbacks in (callbacks.go)
	// ignores holds the parameters the package's functions never read.
	ignores map[*types.Func][]int
	// before memoizes, per launch, which of its literal's nodes run before
	// the launching function returns (order.go).
	before map[*Launch]func(ast.Node) bool
	// waits and joined memoize Waits and Joined, per launch.
	waits  map[*Launch]waits
	joined map[*Launch]bool
}

// NewModel returns the model of pass's package. It is lazy: a rule that
// returns on its fast path pays nothing.
func NewModel(pass *analysis.Pass, insp *inspector.Inspector, cfg Config) *Model {
	return &Model{
		Graph:        callgraph.New(pass, insp),
		pass:         pass,
		insp:         insp,
		cfg:          cfg,
		table:        frameworks.NewTable(cfg.ContextTypes),
		closureCache: map[ast.Node]map[types.Object]*ast.FuncLit{},
		cfgCache:     map[ast.Node]*funcCFG{},

		launchersImported: map[*types.Func]*LauncherFact{},
	}
}

// Lock locks the model for the caller's use of it, and Unlock unlocks
// it: an analyzer that uses the model holds the lock for its whole run on
// the package. The rules of a suite then run on a package one after the
// other — what a driver that runs one analyzer at a time does anyway —
// and across packages in parallel.
func (m *Model) Lock()   { m.mu.Lock() }
func (m *Model) Unlock() { m.mu.Unlock() }

// Table returns the pooled context types the model knows.
func (m *Model) Table() *frameworks.Table { return m.table }

// Launches returns every launch in the package, in source order.
func (m *Model) Launches() []*Launch {
	if !m.launchesDone {
		m.launchesDone = true
		m.launches = m.findLaunches()
	}
	return m.launches
}
