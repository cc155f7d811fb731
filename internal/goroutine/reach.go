package goroutine

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/callgraph"
)

// A Site is a goroutine that calling a function starts, directly or through
// the functions it calls, as a rule's fact carries it across packages.
type Site[W comparable] struct {
	// Key identifies the launch across packages: its package path and
	// position.
	Key string
	// Where is the launch (rendered "go statement at poller.go:12").
	Where LaunchAt
	// Func is the function the launch is in: "(*svc.Poller).run".
	Func string
	// Why is the rule's reason for wanting the goroutine (why it can
	// panic, why it never ends), as data of the rule's own type: the rule
	// renders it, and only when it reports.
	Why W
}

// ReachConfig is what a rule says about the goroutines it wants followed
// from callers.
type ReachConfig[W comparable] struct {
	// Direct reports whether launch l in fd is one the rule wants, and
	// why. Reach only asks about launches outside any request
	// handler: those in a handler are the rule's to report where they
	// are.
	Direct func(fd FuncDecl, l *Launch) (W, bool)
	// Imported returns the sites of a function of another package (from
	// the rule's fact), or nil.
	Imported func(fn *types.Func) []Site[W]
	// Skip, if set, reports whether a call does not start the goroutines
	// of its callee whenever the function runs (a call inside a
	// sync.Once's function runs once per process).
	Skip func(call inspector.Cursor) bool
}

// Reach answers "which goroutines does calling fn start?" for the
// functions of one package, for one rule's choice of goroutines.
type Reach[W comparable] struct {
	m        *Model
	cfg      ReachConfig[W]
	sites    map[*types.Func][]Site[W]
	launches map[string]*Launch
}

// maxSites bounds the sites a function's fact carries: enough to report
// every helper of a real service (the field corpus has at most 3), small
// enough that a fact stays a few hundred bytes.
const maxSites = 8

// NewReach computes, for every function of the package, the goroutines it
// starts that cfg.Direct wants: its own launches, and those of the
// functions it calls — statically, or through an interface method with
// implementations in the user's packages the package can see — to a
// fixed point. Calls inside a request handler (a handler literal
// registered by a setup function) are not followed: they run per request,
// not when the function is called.
func NewReach[W comparable](m *Model, cfg ReachConfig[W]) *Reach[W] {
	r := &Reach[W]{m: m, cfg: cfg, sites: map[*types.Func][]Site[W]{}, launches: map[string]*Launch{}}
	decls := m.FuncDecls()
	calls := map[*types.Func][]*types.Func{}
	for _, fd := range decls {
		if m.IsHandler(fd.Decl) {
			continue // a handler's goroutines are reported in it
		}
		for _, l := range m.LaunchesIn(fd.Decl) {
			if m.HandlerAround(l) != nil {
				continue
			}
			if why, ok := cfg.Direct(fd, l); ok {
				s := Site[W]{Key: m.siteKey(l.Pos()), Where: LaunchAtOf(m.pass.Fset, l), Func: FuncName(fd.Obj), Why: why}
				r.launches[s.Key] = l
				r.sites[fd.Obj] = addSite(r.sites[fd.Obj], s)
			}
		}
		for c := range fd.Body.Preorder((*ast.CallExpr)(nil)) {
			if m.RequestHandlerAt(c) != nil || (cfg.Skip != nil && cfg.Skip(c)) {
				continue
			}
			for _, fn := range m.Callees(c.Node().(*ast.CallExpr)) {
				if fn != fd.Obj {
					calls[fd.Obj] = append(calls[fd.Obj], fn)
				}
			}
		}
	}
	// Sites only accumulate, and there are finitely many: monotone.
	fns := make([]*types.Func, len(decls))
	for i, fd := range decls {
		fns[i] = fd.Obj
	}
	callgraph.Solve(fns, func(i int) []*types.Func { return calls[fns[i]] }, func(i int) bool {
		changed := false
		for _, fn := range calls[fns[i]] {
			for _, s := range r.Sites(fn) {
				before := len(r.sites[fns[i]])
				r.sites[fns[i]] = addSite(r.sites[fns[i]], s)
				changed = changed || len(r.sites[fns[i]]) != before
			}
		}
		return changed
	})
	return r
}

func addSite[W comparable](sites []Site[W], s Site[W]) []Site[W] {
	if len(sites) >= maxSites {
		return sites
	}
	for _, old := range sites {
		if old.Key == s.Key {
			return sites
		}
	}
	return append(sites, s)
}

func (m *Model) siteKey(pos token.Pos) string {
	p := m.pass.Fset.Position(pos)
	return fmt.Sprintf("%s %s:%d:%d", m.pass.Pkg.Path(), filepath.Base(p.Filename), p.Line, p.Column)
}

// Sites returns the goroutines calling fn starts, from this package's
// computation or the rule's imported fact.
func (r *Reach[W]) Sites(fn *types.Func) []Site[W] {
	fn = fn.Origin()
	if fn.Pkg() == r.m.pass.Pkg {
		return r.sites[fn]
	}
	if r.cfg.Imported == nil || !r.m.UserCode(fn.Pkg()) {
		return nil
	}
	return r.cfg.Imported(fn)
}

// Launch returns the launch of a site of this package, or nil.
func (r *Reach[W]) Launch(s Site[W]) *Launch { return r.launches[s.Key] }

// A HandlerCall is a call, while serving a request, of a function that
// starts goroutines when called.
type HandlerCall struct {
	Call    *ast.CallExpr
	Handler ast.Node // the request handler the call is in
	Fn      *types.Func
}

// Started is a goroutine that request handlers start by calling helpers,
// and those calls, in source order.
type Started[W comparable] struct {
	Site  Site[W]
	Calls []HandlerCall
}

// FromHandlers returns the goroutines the package's request handlers
// start by calling functions (at any depth, across packages), each once,
// in the order of its first call; calls in test files, and those skip
// reports, are left out. visit, if set, sees every call and callee
// first, whether or not it starts goroutines.
func (r *Reach[W]) FromHandlers(skip func(c inspector.Cursor) bool, visit func(HandlerCall)) []Started[W] {
	var out []Started[W]
	index := map[string]int{}
	for cur := range r.m.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		handler := r.m.RequestHandlerAt(cur)
		if handler == nil || astx.InTestFile(r.m.pass.Fset, call.Pos()) || skip != nil && skip(cur) {
			continue
		}
		for _, fn := range r.m.Callees(call) {
			hc := HandlerCall{call, handler, fn}
			if visit != nil {
				visit(hc)
			}
			for _, s := range r.Sites(fn) {
				i, ok := index[s.Key]
				if !ok {
					i = len(out)
					index[s.Key] = i
					out = append(out, Started[W]{Site: s})
				}
				out[i].Calls = append(out[i].Calls, hc)
			}
		}
	}
	return out
}

// Exported returns the package's functions that start goroutines, in
// source order, for the rule to export its facts.
func (r *Reach[W]) Exported() []FuncDecl {
	var out []FuncDecl
	for _, fd := range r.m.FuncDecls() {
		if len(r.sites[fd.Obj]) > 0 {
			out = append(out, fd)
		}
	}
	return out
}
