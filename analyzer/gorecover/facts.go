package gorecover

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math/bits"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/callgraph"
	"github.com/ginctxlint/ginctxlint/internal/flow"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// PanicFact is exported for a function of the user's code that can panic
// on data it does not control: the summary its callers use in place of
// its body (with the flow layer's flow.Fact, which says where its results
// come from).
type PanicFact struct {
	// Own is a partial operation the function reaches whatever its
	// arguments: on data it reads itself (a query value, a decoded
	// reply), or not about data (a send on a channel closed elsewhere).
	Own *Site
	// Params are the parameters (the receiver first) that reach a
	// partial operation unguarded: a call passing outside data for one
	// can panic.
	Params []ParamSite
	// Crash: it panics on every path (a crash-on-bug helper): a call of
	// it is a panic statement of its caller.
	Crash bool
	// closedAt is the close of an Own OpClosedSend in this package (not
	// exported with the fact).
	closedAt token.Pos
}

// A ParamSite is a parameter and the partial operation it reaches.
type ParamSite struct {
	Param int
	Site  Site
}

func (*PanicFact) AFact() {}

func (f *PanicFact) String() string {
	if f.Crash {
		return "panics(crash)"
	}
	var parts []string
	if f.Own != nil {
		parts = append(parts, f.Own.String())
	}
	for _, p := range f.Params {
		parts = append(parts, fmt.Sprintf("param %d: %s", p.Param, p.Site))
	}
	return "panics(" + strings.Join(parts, "; ") + ")"
}

// forCallers is f as other packages see it, or nil if it says nothing
// to them. A call of a function the package's callers register is
// code the package does not control, but for those callers it is their
// own function, judged where it is: the site is the package's alone.
func (f *PanicFact) forCallers() *PanicFact {
	if f == nil {
		return nil
	}
	if f.Own != nil && f.Own.Op == OpRegistered {
		g := *f
		g.Own = nil
		f = &g
	}
	if f.empty() {
		return nil
	}
	return f
}

func (f *PanicFact) empty() bool {
	return f.Own == nil && len(f.Params) == 0 && !f.Crash
}

func (f *PanicFact) same(g *PanicFact) bool {
	if f == nil || g == nil {
		return f == g
	}
	if (f.Own == nil) != (g.Own == nil) || f.Own != nil && *f.Own != *g.Own || len(f.Params) != len(g.Params) {
		return false
	}
	for i := range f.Params {
		if f.Params[i] != g.Params[i] {
			return false
		}
	}
	return f.Crash == g.Crash
}

// data is the rule's model of one package: where each function's data
// comes from, and the partial operations it reaches.
type data struct {
	pass  *analysis.Pass
	insp  *inspector.Inspector
	m     *goroutine.Model
	rec   *recovery
	opts  *parsed
	flow  *flow.Result
	index *flow.Index

	facts    map[*types.Func]*PanicFact
	imported map[*types.Func]*PanicFact // read from other packages, once each
	envs     map[ast.Node]*env
	launched map[*ast.FuncLit]bool  // literals run on goroutines of their own
	goCalls  map[*ast.CallExpr]bool // the calls of go statements

	closes         map[types.Object][]closeAt
	wsWrites       map[types.Object][]token.Pos
	deferredCloses map[token.Pos]*ast.FuncDecl
	uses           map[*types.Func]int
	calls          map[*types.Func][]*ast.CallExpr
}

func newData(pass *analysis.Pass, insp *inspector.Inspector, m *goroutine.Model, fl *flow.Result, rec *recovery, opts *parsed) *data {
	d := &data{
		pass: pass, insp: insp, m: m, rec: rec, opts: opts,
		flow:           fl,
		index:          fl.Index(),
		facts:          map[*types.Func]*PanicFact{},
		imported:       map[*types.Func]*PanicFact{},
		envs:           map[ast.Node]*env{},
		launched:       map[*ast.FuncLit]bool{},
		goCalls:        map[*ast.CallExpr]bool{},
		closes:         map[types.Object][]closeAt{},
		wsWrites:       map[types.Object][]token.Pos{},
		deferredCloses: map[token.Pos]*ast.FuncDecl{},
	}
	for _, l := range m.Launches() {
		if l.Lit != nil && ast.Unparen(l.Fun) == l.Lit {
			d.launched[l.Lit] = true
		}
		if l.Call != nil {
			d.goCalls[l.Call] = true
		}
	}
	d.indexChannels()
	d.compute()
	for _, fd := range m.FuncDecls() {
		if f := d.facts[fd.Obj].forCallers(); f != nil {
			pass.ExportObjectFact(fd.Obj, f)
		}
	}
	return d
}

// fact returns the PanicFact of fn, from this package or the user's
// module, or nil.
func (d *data) fact(fn *types.Func) *PanicFact {
	fn = fn.Origin()
	if f, ok := d.facts[fn]; ok || fn.Pkg() == d.pass.Pkg {
		return f
	}
	if fn.Pkg() == nil || !d.m.UserCode(fn.Pkg()) {
		return nil
	}
	return goroutine.ImportedFact(d.pass, d.imported, fn)
}

// compute summarises the package's functions, to a fixed point over the
// calls between them.
func (d *data) compute() {
	decls := d.m.FuncDecls()
	fns := make([]*types.Func, len(decls))
	for i, fd := range decls {
		fns[i] = fd.Obj
		if isCrashHelper(d.pass.TypesInfo, fd.Decl.Body) {
			d.facts[fd.Obj] = &PanicFact{Crash: true}
		}
	}
	callgraph.Solve(fns, func(i int) []*types.Func { return d.flow.Callees(fns[i]) }, func(i int) bool {
		old := d.facts[fns[i]]
		if old != nil && old.Crash {
			return false
		}
		f := d.summarise(decls[i])
		if f.same(old) {
			return false
		}
		d.facts[fns[i]] = f
		return true
	})
}

// summarise computes fd's fact from its body and its callees' facts.
func (d *data) summarise(fd goroutine.FuncDecl) *PanicFact {
	e := d.env(fd.Decl)
	f := &PanicFact{}
	if d.rec.Guarded(fd.Obj) {
		// Its panics stop in it; what it passes on still counts.
	} else {
		e.sites(fd.Decl.Body, fd.Decl, func(fo found) {
			if fo.label&flow.Ext != 0 && (f.Own == nil || f.Own.Op == OpRegistered && fo.site.Op != OpRegistered) {
				s := fo.site
				f.Own, f.closedAt = &s, fo.closedAt
			}
			for l := fo.label &^ flow.Ext; l != 0; l &= l - 1 {
				j := bits.TrailingZeros64(uint64(l))
				if !hasParam(f.Params, j) {
					f.Params = append(f.Params, ParamSite{Param: j, Site: fo.site})
				}
			}
		})
	}
	return f
}

func hasParam(ps []ParamSite, j int) bool {
	for _, p := range ps {
		if p.Param == j {
			return true
		}
	}
	return false
}

// An env is a function's value flow (flow.Env) with the checks it makes.
type env struct {
	*flow.Env
	d      *data
	checks []check
	lits   []*ast.FuncLit
	bounds map[ast.Expr]struct{} // the bounds of slice expressions
}

// env returns the environment of the function unit (a declaration, or a
// literal outside any).
func (d *data) env(unit ast.Node) *env {
	if e, ok := d.envs[unit]; ok {
		return e
	}
	e := &env{Env: d.flow.Env(unit), d: d, bounds: map[ast.Expr]struct{}{}}
	// The literals first: a check knows the innermost one around it.
	d.m.Inspect(unit, []ast.Node{(*ast.FuncLit)(nil)}, func(n ast.Node) bool {
		e.lits = append(e.lits, n.(*ast.FuncLit))
		return true
	})
	d.m.Inspect(unit, []ast.Node{(*ast.IfStmt)(nil), (*ast.ForStmt)(nil), (*ast.SwitchStmt)(nil), (*ast.CaseClause)(nil), (*ast.BinaryExpr)(nil)}, func(n ast.Node) bool {
		e.collectCheck(n)
		return true
	})
	d.envs[unit] = e
	return e
}

// unitOf returns the outermost function n is in: its declaration, or a
// literal at package level.
func (d *data) unitOf(n ast.Node) ast.Node {
	if fd := d.declAround(n); fd != nil {
		return fd
	}
	var unit ast.Node = n
	for _, f := range d.pass.Files {
		if f.Pos() <= n.Pos() && n.End() <= f.End() {
			ast.Inspect(f, func(m ast.Node) bool {
				if lit, ok := m.(*ast.FuncLit); ok && lit.Pos() <= n.Pos() && n.End() <= lit.End() {
					unit = lit
					return false
				}
				return m != nil && m.Pos() <= n.Pos() && n.End() <= m.End() || m == f
			})
		}
	}
	return unit
}

// cursor returns the cursor of a block.
func (d *data) cursor(b *ast.BlockStmt) (inspector.Cursor, bool) {
	if b == nil {
		return inspector.Cursor{}, false
	}
	return astx.CursorOf(d.insp, b)
}

// funcName names the function encl (a declaration or literal) for a site.
func (d *data) funcName(encl ast.Node) string {
	switch n := encl.(type) {
	case *ast.FuncDecl:
		if fn, ok := d.pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
			return goroutine.FuncName(fn)
		}
	case *ast.FuncLit:
		if fd := d.declAround(n); fd != nil {
			if fn, ok := d.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				return "a function literal in " + goroutine.FuncName(fn)
			}
		}
		return "a function literal"
	}
	return d.pass.Pkg.Name()
}

// whyOf is the reason a site met in a goroutine's body gives.
func (d *data) whyOf(fo found) Why {
	w := Why{Via: ViaBody, At: goroutine.PosOf(d.pass.Fset, fo.pos), Site: fo.site}
	if fo.callee != nil {
		w.Callee = fo.callee.Name()
	}
	return w
}
