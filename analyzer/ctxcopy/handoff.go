package ctxcopy

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// HandoffFact is exported for a function that hands one of its parameters
// (a context.Context, an interface, a func) to a goroutine that it does not
// wait for, directly or through another function with this fact. A pooled
// request context passed there outlives the handler, though nothing at the
// call site shows a goroutine:
//
//	func (s *UserService) Create(ctx context.Context, u User) error {
//		go s.email.Send(ctx, u) // fact: parameter 0 is handed off
//		return nil
//	}
type HandoffFact struct {
	Params []ParamHandoff
}

// ParamHandoff says which parameter is handed off, and where.
type ParamHandoff struct {
	Index int    // parameter index, receiver excluded
	Name  string // parameter name
	Where Handoff
}

// A Handoff is where a parameter goes to a goroutine, as data: a launch in
// the function ("go statement" at user.go:42), or a call of a function
// that hands it off (Via "(*Mailer).Send"; Implementing the interface
// method the call names, when it dispatches to Via).
type Handoff struct {
	Launch       string
	At           goroutine.Pos
	Via          string
	Implementing string
}

// String renders the handoff for messages: "go statement at user.go:42",
// "via (*Mailer).Send", "via (*smtp).Send, implementing (Mailer).Send".
func (h Handoff) String() string {
	switch {
	case h.Via == "":
		return h.Launch + " at " + h.At.String()
	case h.Implementing != "":
		return "via " + h.Via + ", implementing " + h.Implementing
	}
	return "via " + h.Via
}

func (*HandoffFact) AFact() {}

func (f *HandoffFact) String() string {
	var parts []string
	for _, p := range f.Params {
		parts = append(parts, fmt.Sprintf("%s: %s", p.Name, p.Where))
	}
	return "handoff(" + strings.Join(parts, "; ") + ")"
}

// handoff returns the fact of fn, from this package or an imported one.
func (m *model) handoff(fn *types.Func) *HandoffFact {
	if fn == nil {
		return nil
	}
	if f, ok := m.handoffs[fn]; ok {
		return f
	}
	if fn.Pkg() == m.pass.Pkg {
		return nil
	}
	var f HandoffFact
	if m.pass.ImportObjectFact(fn.Origin(), &f) {
		return &f
	}
	return nil
}

// exportHandoffFacts computes and exports HandoffFact for the functions
// of the package. Parameters of a pooled type are left out: a goroutine
// that outlives a handler with its pooled context is reported where it
// starts, not at every caller.
func (m *model) exportHandoffFacts() {
	if m.handoffsDone {
		return
	}
	m.handoffsDone = true
	if m.handoffs == nil {
		m.handoffs = map[*types.Func]*HandoffFact{}
	}
	type fnInfo struct {
		decl   *ast.FuncDecl
		obj    *types.Func
		params []*types.Var
	}
	var fns []fnInfo
	for _, fd := range m.FuncDecls() {
		decl, obj := fd.Decl, fd.Obj
		var params []*types.Var
		for v := range obj.Type().(*types.Signature).Params().Variables() {
			if m.table.Lookup(v.Type()) == nil && v.Name() != "_" && types.IsInterface(v.Type()) {
				params = append(params, v)
			}
		}
		if len(params) > 0 {
			fns = append(fns, fnInfo{decl, obj, params})
		}
	}
	if len(fns) == 0 {
		return
	}
	// A fixed point: a function that passes its parameter to another
	// function of the package that hands it off, hands it off too. The
	// step is monotone: the launches are fixed and the callees' facts only
	// grow, so each parameter's handoff only appears, and its Where (the
	// first reason in source order) only moves earlier.
	objs := make([]*types.Func, len(fns))
	for i, fi := range fns {
		objs[i] = fi.obj
	}
	m.Fixpoint(objs, func(i int) bool {
		fi := fns[i]
		ret := m.paramRetention(fi.decl, fi.params)
		found := map[*types.Var]Handoff{}
		note := func(o *origin, where Handoff) {
			if o == nil || o.Var == nil {
				return
			}
			if _, ok := found[o.Var]; !ok {
				found[o.Var] = where
			}
		}
		for _, l := range m.LaunchesIn(fi.decl) {
			if m.Joined(l) || m.usedBeforeReturn(l, ret.refs(l.Lit)) {
				continue
			}
			where := Handoff{Launch: l.Describe(), At: goroutine.PosOf(m.pass.Fset, l.Pos())}
			for _, e := range l.EvaluatedAtLaunch() {
				note(ret.retains(e), where)
			}
			for _, u := range ret.freeUses(l.Lit) {
				note(u.origin, where)
			}
		}
		m.Inspect(fi.decl.Body, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := typeutil.StaticCallee(m.pass.TypesInfo, call)
			if callee == fi.obj {
				return true
			}
			targets := []*types.Func{callee}
			if callee == nil {
				// An interface method: its implementations in other
				// packages, whose facts are final. One in this package
				// is left out as it was when Fixpoint did not follow
				// interface calls; it now does (callgraph's referrers),
				// so adding them is a change of findings to measure in
				// the field, not a refactoring.
				targets = nil
				if im := interfaceMethod(m.pass.TypesInfo, call); im != nil {
					for _, fn := range m.Implementations(im) {
						if fn.Pkg() != m.pass.Pkg {
							targets = append(targets, fn)
						}
					}
				}
			}
			for _, t := range targets {
				f := m.handoff(t)
				if f == nil {
					continue
				}
				via := Handoff{Via: goroutine.FuncName(t)}
				if t != callee {
					via.Implementing = goroutine.FuncName(typeutil.Callee(m.pass.TypesInfo, call).(*types.Func))
				}
				for _, p := range f.Params {
					if p.Index < len(call.Args) {
						note(ret.retains(call.Args[p.Index]), via)
					}
				}
			}
			return true
		})
		if len(found) == 0 {
			return false
		}
		fact := &HandoffFact{}
		sig := fi.obj.Type().(*types.Signature)
		for k := 0; k < sig.Params().Len(); k++ {
			if where, ok := found[sig.Params().At(k)]; ok {
				fact.Params = append(fact.Params, ParamHandoff{Index: k, Name: sig.Params().At(k).Name(), Where: where})
			}
		}
		if old := m.handoffs[fi.obj]; old != nil && slices.Equal(old.Params, fact.Params) {
			return false
		}
		m.handoffs[fi.obj] = fact
		return true
	})
	for _, obj := range goroutine.SortedFuncs(m.handoffs) {
		m.pass.ExportObjectFact(obj, m.handoffs[obj])
	}
	if len(m.handoffs) > 0 {
		m.pass.ExportPackageFact(new(PackageHandoffFact))
	}
}

// PackageHandoffFact marks a package with at least one HandoffFact, so
// that a package importing none skips looking at its calls.
type PackageHandoffFact struct{}

func (*PackageHandoffFact) AFact() {}

func (*PackageHandoffFact) String() string { return "has handoffs" }

// mayCallHandoffs reports whether the package has, or directly imports a
// package that has, functions with a HandoffFact.
func (m *model) mayCallHandoffs() bool {
	if len(m.handoffs) > 0 {
		return true
	}
	for _, imp := range m.pass.Pkg.Imports() {
		if m.pass.ImportPackageFact(imp, new(PackageHandoffFact)) {
			return true
		}
	}
	return false
}
