package ctxcopy

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// RetainsFact is exported for a function of the user's code whose results
// keep a reference to some of its parameters, or to its receiver:
//
//	func withUser(ctx context.Context, u User) context.Context {
//		return context.WithValue(ctx, userKey, u) // fact: retains ctx
//	}
//
//	func newWrap(c echo.Context) *wrap { return &wrap{Context: c} } // fact: retains c
//
// Every context-returning function of the user's code gets the fact, with
// no parameters when its result keeps none of them (nezha's
// transferRevokableContext(c, e) builds one from c.Request.Context()):
// functions without the fact (std, dependencies) are assumed to derive a
// returned context from a context argument, as context.WithValue,
// signal.NotifyContext and tracing libraries do. Functions with results of
// other types get the fact only when they keep something.
type RetainsFact struct {
	Params []int // parameter indexes, receiver excluded
	Recv   bool  // the receiver is kept too (a builder returning its own kind)
}

func (*RetainsFact) AFact() {}

func (f *RetainsFact) String() string {
	if f.Recv {
		return strings.TrimSpace(fmt.Sprintf("retains[recv %s", strings.Trim(fmt.Sprint(f.Params), "[]"))) + "]"
	}
	return fmt.Sprintf("retains%v", f.Params)
}

// retained returns which arguments of a call to callee its results keep:
// parameter indexes and the receiver. known is false when nothing is known
// (a dependency's function outside the table: use the heuristic).
func (m *model) retained(callee *types.Func) (params []int, recv, known bool) {
	if m.isRetainer(callee) { // the table speaks for the dependency's source
		return allParams(callee), true, true
	}
	if callee.Pkg() == m.pass.Pkg {
		if !m.retainsKnown {
			return nil, false, false
		}
		f, ok := m.retains[callee.Origin()]
		if !ok {
			return nil, false, false
		}
		return f.Params, f.Recv, true
	}
	if m.retainsImported == nil {
		m.retainsImported = map[*types.Func]*RetainsFact{}
	}
	f, ok := m.retainsImported[callee]
	if !ok {
		f = new(RetainsFact)
		if !m.pass.ImportObjectFact(callee.Origin(), f) {
			f = nil
		}
		m.retainsImported[callee] = f
	}
	if f == nil {
		return nil, false, false
	}
	return f.Params, f.Recv, true
}

func (m *model) isRetainer(fn *types.Func) bool { return apis.Any(m.retainers, fn) }

func allParams(fn *types.Func) []int {
	n := fn.Type().(*types.Signature).Params().Len()
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// exportRetainsFacts computes RetainsFact for the functions of the user's
// packages (a fixed point: one may keep a parameter through another) and
// exports them. Call it before asking a retention about calls.
func (m *model) exportRetainsFacts() {
	if m.retainsKnown || m.retainsDone {
		return
	}
	m.retainsDone = true
	m.retains = map[*types.Func]*RetainsFact{}
	type fnInfo struct {
		decl    *ast.FuncDecl
		obj     *types.Func
		params  []*types.Var // parameters (and receiver) that can hold a reference
		results []int        // results that can hold one
		context bool         // some result is a context: "keeps nothing" is worth a fact
	}
	var fns []*fnInfo
	byObj := map[*types.Func]*fnInfo{}
	for _, fd := range m.FuncDecls() {
		sig := fd.Obj.Type().(*types.Signature)
		fi := &fnInfo{decl: fd.Decl, obj: fd.Obj}
		for i := 0; i < sig.Results().Len(); i++ {
			t := sig.Results().At(i).Type()
			if goroutine.IsContextLike(t) || m.table.Lookup(t) != nil {
				fi.context = true
				fi.results = append(fi.results, i)
			} else if m.canHold(t) && !isError(t) {
				fi.results = append(fi.results, i)
			}
		}
		if len(fi.results) == 0 {
			continue
		}
		if recv := sig.Recv(); recv != nil && recv.Name() != "_" && recv.Name() != "" && m.canHold(recv.Type()) {
			fi.params = append(fi.params, recv)
		}
		for v := range sig.Params().Variables() {
			if v.Name() != "_" && v.Name() != "" && m.canHold(v.Type()) && !isError(v.Type()) {
				fi.params = append(fi.params, v)
			}
		}
		if len(fi.params) == 0 && !fi.context {
			continue
		}
		fns = append(fns, fi)
		byObj[fd.Obj] = fi
	}
	// While iterating, calls to this package's functions use what is known
	// so far, starting from "keeps nothing": the sets only grow (the step
	// is monotone, as Fixpoint needs), and a function is never taken to
	// keep a parameter through a call that does not.
	m.retainsKnown = true
	objs := make([]*types.Func, len(fns))
	for i, fi := range fns {
		m.retains[fi.obj] = &RetainsFact{}
		objs[i] = fi.obj
	}
	m.Fixpoint(objs, func(i int) bool {
		fi := fns[i]
		if len(fi.params) == 0 {
			return false
		}
		f := m.retainsOf(fi.decl, fi.obj, fi.params, fi.results)
		old := m.retains[fi.obj]
		if len(f.Params) == len(old.Params) && f.Recv == old.Recv {
			return false // the set only grows: same size, same set
		}
		m.retains[fi.obj] = f
		return true
	})
	for _, obj := range goroutine.SortedFuncs(m.retains) {
		f := m.retains[obj]
		if len(f.Params) > 0 || f.Recv || byObj[obj].context {
			m.pass.ExportObjectFact(obj, f)
		}
	}
}

// retainsOf computes the fact of one function from what is known so far.
// It looks at return statements of the function itself (not of nested
// literals); a bare return of named results is not followed.
func (m *model) retainsOf(decl *ast.FuncDecl, obj *types.Func, params []*types.Var, results []int) *RetainsFact {
	ret := m.paramRetention(decl, params)
	found := map[*types.Var]bool{}
	stored := map[*types.Var][]*types.Var{}
	m.InspectNoLits(decl.Body, nil, func(n ast.Node) bool {
		rs, ok := n.(*ast.ReturnStmt)
		if !ok {
			return true
		}
		if len(rs.Results) == 1 && len(results) > 0 && obj.Type().(*types.Signature).Results().Len() > 1 {
			// return f(...) of a tuple: whatever the call keeps.
			if o := ret.retains(rs.Results[0]); o != nil && o.Var != nil {
				found[o.Var] = true
			}
			return true
		}
		for _, i := range results {
			if i < len(rs.Results) {
				if o := ret.retains(rs.Results[i]); o != nil && o.Var != nil {
					found[o.Var] = true
				}
			}
		}
		return true
	})
	// A parameter stored into another (j.ctx = ctx, the setter of a
	// builder) is kept wherever the other is: the retention follows one
	// origin per variable, so add the stored ones here.
	ret.eachBinding(func(lhs types.Object, rhs ast.Expr, _ bool) {
		if o := ret.held[lhs]; o != nil && o.Var == lhs {
			if q := ret.retains(rhs); q != nil && q.Var != nil && q.Var != o.Var {
				stored[o.Var] = append(stored[o.Var], q.Var)
			}
		}
	})
	for v := range found {
		for _, q := range stored[v] {
			found[q] = true
		}
	}
	f := &RetainsFact{}
	sig := obj.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil && found[recv] {
		f.Recv = true
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if found[sig.Params().At(i)] {
			f.Params = append(f.Params, i)
		}
	}
	return f
}

// retainedByCall returns the origin a call's results keep, if the callee
// is known (a fact, or the retainer table); known is false when it is not.
func (r *retention) retainedByCall(call *ast.CallExpr) (o *origin, known bool) {
	callee := typeutil.StaticCallee(r.m.pass.TypesInfo, call)
	if callee == nil {
		return nil, false
	}
	params, recv, known := r.m.retained(callee)
	if !known {
		return nil, false
	}
	sig := callee.Type().(*types.Signature)
	for _, i := range params {
		if sig.Variadic() && i == sig.Params().Len()-1 && !call.Ellipsis.IsValid() {
			for _, arg := range call.Args[min(i, len(call.Args)):] {
				if o := r.retains(arg); o != nil {
					return o, true
				}
			}
			continue
		}
		if i < len(call.Args) {
			if o := r.retains(call.Args[i]); o != nil {
				return o, true
			}
		}
	}
	if recv {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && r.m.pass.TypesInfo.Selections[sel] != nil {
			return r.retains(sel.X), true
		}
	}
	return nil, true
}

// isError reports whether t is the error interface: an error a call
// returns does not keep its context (ctx.Err() is a sentinel).
func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}
