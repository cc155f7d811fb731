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
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"
)

// Config is the user-extensible part of the model.
type Config struct {
	Launchers    []*Launcher        // in addition to the builtin ones
	ContextTypes []*frameworks.Type // in addition to frameworks.Builtin
}

// A Launcher is a function or method that runs one of its arguments, a
// function value, on another goroutine.
type Launcher struct {
	PkgPath string
	Recv    string // receiver type name, "" for a package-level function
	Name    string
	// Wait names the receiver's method that waits for every goroutine the
	// launcher started ("Wait" for errgroup and sync.WaitGroup), if any.
	Wait string
}

func (l *Launcher) String() string { return specString(l.PkgPath, l.Recv, l.Name) }

// builtinLaunchers are the standard ways to start a goroutine besides the
// go statement.
func builtinLaunchers() []*Launcher {
	return []*Launcher{
		{PkgPath: "golang.org/x/sync/errgroup", Recv: "Group", Name: "Go", Wait: "Wait"},
		{PkgPath: "golang.org/x/sync/errgroup", Recv: "Group", Name: "TryGo", Wait: "Wait"},
		{PkgPath: "sync", Recv: "WaitGroup", Name: "Go", Wait: "Wait"}, // Go 1.25
		{PkgPath: "time", Name: "AfterFunc"},
	}
}

// ParseLauncher parses a -launchers entry: "pkg/path.Func",
// "(*pkg/path.Type).Method" or "(pkg/path.Type).Method". A method whose
// receiver also has a method Wait is taken to be joinable by it, as in
// errgroup.
func ParseLauncher(spec string) (*Launcher, error) {
	pkg, recv, name, ok := parseFuncSpec(spec)
	if !ok {
		return nil, fmt.Errorf("invalid launcher %q: want pkg/path.Func or (*pkg/path.Type).Method", spec)
	}
	l := &Launcher{PkgPath: pkg, Recv: recv, Name: name}
	if recv != "" {
		l.Wait = "Wait"
	}
	return l, nil
}

// parseFuncSpec parses "pkg/path.Func", "(*pkg/path.Type).Method" or
// "(pkg/path.Type).Method", the shape of every list flag naming a function.
func parseFuncSpec(spec string) (pkg, recv, name string, ok bool) {
	s := strings.TrimSpace(spec)
	if strings.HasPrefix(s, "(") {
		end := strings.Index(s, ")")
		if end < 0 || end+2 > len(s) || s[end+1] != '.' {
			return "", "", "", false
		}
		r := strings.TrimPrefix(s[1:end], "*")
		dot := strings.LastIndex(r, ".")
		name := s[end+2:]
		if dot <= 0 || dot == len(r)-1 || name == "" || strings.ContainsAny(name, "./()") || strings.ContainsAny(r, "()*") {
			return "", "", "", false
		}
		return r[:dot], r[dot+1:], name, true
	}
	dot := strings.LastIndex(s, ".")
	if dot <= 0 || dot == len(s)-1 || strings.LastIndex(s, "/") > dot || strings.ContainsAny(s, "()*") {
		return "", "", "", false
	}
	return s[:dot], "", s[dot+1:], true
}

// specString names a function for messages: "pkg.Func" or
// "(*pkg.Type).Method", with the last element of the package path.
func specString(pkgPath, recv, name string) string {
	pkg := pkgPath[strings.LastIndex(pkgPath, "/")+1:]
	if recv != "" {
		return fmt.Sprintf("(*%s.%s).%s", pkg, recv, name)
	}
	return pkg + "." + name
}

// Kind says how a goroutine was started.
type Kind int

const (
	GoStmt       Kind = iota // go f(x)
	LauncherCall             // g.Go(f), time.AfterFunc(d, f), ...
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
// and a function value that is not a literal.
func (l *Launch) EvaluatedAtLaunch() []ast.Expr {
	var out []ast.Expr
	if l.Call != nil {
		out = append(out, l.Call.Args...)
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

// findLaunches lists every launch in the package, in source order.
func (m *Model) findLaunches() []*Launch {
	var out []*Launch
	launchers := append(builtinLaunchers(), m.cfg.Launchers...)
	for cur := range m.insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		var l *Launch
		switch n := cur.Node().(type) {
		case *ast.GoStmt:
			l = &Launch{Kind: GoStmt, Node: n, Call: n.Call, Fun: n.Call.Fun}
		case *ast.CallExpr:
			lr, recv := matchLauncher(m.pass.TypesInfo, n, launchers)
			if lr == nil {
				continue
			}
			fn := funcArg(m.pass.TypesInfo, n)
			if fn == nil {
				continue
			}
			l = &Launch{Kind: LauncherCall, Node: n, Fun: fn, Launcher: lr, Recv: recv}
		}
		l.Cursor = cur
		for enc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			l.Encl = enc.Node()
			break
		}
		m.resolveFun(l)
		out = append(out, l)
	}
	return out
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
	ast.Inspect(fn, func(n ast.Node) bool {
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
	for _, l := range launchers {
		if l.Matches(fn) {
			var recv ast.Expr
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && l.Recv != "" {
				recv = sel.X
			}
			return l, recv
		}
	}
	return nil, nil
}

// Matches reports whether fn (or its generic origin) is the function or
// method l names.
func (l *Launcher) Matches(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	fn = fn.Origin()
	recvName := ""
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		t := types.Unalias(recv.Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		named, ok := t.(*types.Named)
		if !ok {
			return false
		}
		recvName = named.Obj().Name()
	}
	return l.PkgPath == fn.Pkg().Path() && l.Recv == recvName && l.Name == fn.Name()
}

// funcArg returns the last argument of call whose type is a function.
func funcArg(info *types.Info, call *ast.CallExpr) ast.Expr {
	for i := len(call.Args) - 1; i >= 0; i-- {
		if tv, ok := info.Types[call.Args[i]]; ok {
			if _, ok := tv.Type.Underlying().(*types.Signature); ok {
				return call.Args[i]
			}
		}
	}
	return nil
}

// Model is the goroutine model of one package.
type Model struct {
	pass  *analysis.Pass
	insp  *inspector.Inspector
	cfg   Config
	table *frameworks.Table

	launches     []*Launch
	launchesDone bool
	closureCache map[ast.Node]map[types.Object]*ast.FuncLit
	cfgCache     map[ast.Node]*funcCFG
	decls        []FuncDecl
	declOf       map[*types.Func]*ast.FuncDecl
	launchesIn   map[*ast.FuncDecl][]*Launch
	implTypes    []*types.Named // candidate implementations of the user's interfaces
	refs         map[*types.Func][]*types.Func
}

// NewModel returns the model of pass's package. It is lazy: a rule that
// returns on its fast path pays nothing.
func NewModel(pass *analysis.Pass, insp *inspector.Inspector, cfg Config) *Model {
	return &Model{
		pass:         pass,
		insp:         insp,
		cfg:          cfg,
		table:        frameworks.NewTable(cfg.ContextTypes),
		closureCache: map[ast.Node]map[types.Object]*ast.FuncLit{},
		cfgCache:     map[ast.Node]*funcCFG{},
	}
}

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

// ImportsAny reports whether the package imports (directly) any of paths.
func (m *Model) ImportsAny(paths map[string]bool) bool {
	for _, imp := range m.pass.Pkg.Imports() {
		if paths[imp.Path()] {
			return true
		}
	}
	return false
}
