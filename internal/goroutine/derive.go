package goroutine

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// DerivesFact is exported for a function of the user's code whose
// context result keeps a reference to some of its parameters:
//
//	func withUser(ctx context.Context, u User) context.Context {
//		return context.WithValue(ctx, userKey, u) // fact: derives from ctx
//	}
//
// Every context-returning function of the user's code gets the fact, with
// no parameters when its result derives from none of them (nezha's
// transferRevokableContext(c, e) builds one from c.Request.Context()).
// Functions without the fact (std, dependencies) are assumed to derive a
// returned context from a context argument, as context.WithValue,
// signal.NotifyContext and tracing libraries do.
type DerivesFact struct {
	Params []int // parameter indexes, receiver excluded
}

func (*DerivesFact) AFact() {}

func (f *DerivesFact) String() string { return fmt.Sprintf("derives%v", f.Params) }

// derivations returns the parameters whose references callee's result
// keeps, and whether that is known (false: use the heuristic).
func (m *Model) derivations(callee *types.Func) ([]int, bool) {
	if callee.Pkg() == m.pass.Pkg {
		if !m.derivesKnown {
			return nil, false
		}
		params, ok := m.derives[callee]
		return params, ok
	}
	var f DerivesFact
	if m.pass.ImportObjectFact(callee.Origin(), &f) {
		return f.Params, true
	}
	return nil, false
}

// ExportDeriveFacts computes DerivesFact for the functions of the user's
// packages that return a context (a fixed point: one may derive through
// another) and exports them. Call it before asking a Retention about
// calls.
func (m *Model) ExportDeriveFacts() {
	if m.derivesKnown || m.derivesDone {
		return
	}
	m.derivesDone = true
	if IsStd(m.pass) || (m.pass.Module != nil && m.pass.Module.Version != "") {
		return // not the user's code: keep the heuristic for it
	}
	m.derives = map[*types.Func][]int{}
	type fnInfo struct {
		decl    *ast.FuncDecl
		obj     *types.Func
		params  []*types.Var
		results []int // indexes of context-like results
	}
	var fns []fnInfo
	for _, fd := range m.FuncDecls() {
		decl, obj := fd.Decl, fd.Obj
		sig := obj.Type().(*types.Signature)
		var results []int
		for i := 0; i < sig.Results().Len(); i++ {
			if t := sig.Results().At(i).Type(); IsContextLike(t) || m.table.Lookup(t) != nil {
				results = append(results, i)
			}
		}
		if len(results) == 0 {
			continue
		}
		var params []*types.Var
		for v := range sig.Params().Variables() {
			if v.Name() != "_" && (types.IsInterface(v.Type()) || m.table.Lookup(v.Type()) != nil) {
				params = append(params, v)
			}
		}
		fns = append(fns, fnInfo{decl, obj, params, results})
	}
	// While iterating, calls to this package's functions use what is known
	// so far, starting from "derives nothing": the sets only grow, and a
	// function is never taken to derive through a call that does not.
	m.derivesKnown = true
	for _, fi := range fns {
		m.derives[fi.obj] = nil
	}
	for round := 0; round < 8; round++ {
		changed := false
		for _, fi := range fns {
			if len(fi.params) == 0 {
				continue
			}
			ret := m.ParamRetention(fi.decl, fi.params)
			found := map[*types.Var]bool{}
			InspectNoLits(fi.decl.Body, func(n ast.Node) bool {
				rs, ok := n.(*ast.ReturnStmt)
				if !ok {
					return true
				}
				for _, i := range fi.results {
					if i < len(rs.Results) { // a bare return of named results: not followed
						if o := ret.Retains(rs.Results[i]); o != nil && o.Var != nil {
							found[o.Var] = true
						}
					}
				}
				return true
			})
			var idx []int
			sig := fi.obj.Type().(*types.Signature)
			for i := 0; i < sig.Params().Len(); i++ {
				if found[sig.Params().At(i)] {
					idx = append(idx, i)
				}
			}
			if len(idx) > len(m.derives[fi.obj]) {
				m.derives[fi.obj] = idx
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for _, obj := range sortedFuncs(m.derives) {
		m.pass.ExportObjectFact(obj, &DerivesFact{Params: m.derives[obj]})
	}
}

// derivedFrom returns the origin a call's context result keeps, if the
// callee's derivations are known; known is false when they are not.
func (r *Retention) derivedFrom(call *ast.CallExpr) (o *Origin, known bool) {
	callee := typeutil.StaticCallee(r.m.pass.TypesInfo, call)
	if callee == nil {
		return nil, false
	}
	params, known := r.m.derivations(callee)
	if !known {
		return nil, false
	}
	for _, i := range params {
		if i < len(call.Args) {
			if o := r.Retains(call.Args[i]); o != nil {
				return o, true
			}
		}
	}
	return nil, true
}
