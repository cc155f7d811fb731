package goroutine

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/analysis"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
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
	Where string // "go statement at user.go:42", or "via (*Mailer).Send"
}

func (*HandoffFact) AFact() {}

func (f *HandoffFact) String() string {
	var parts []string
	for _, p := range f.Params {
		parts = append(parts, fmt.Sprintf("%s: %s", p.Name, p.Where))
	}
	return "handoff(" + strings.Join(parts, "; ") + ")"
}

// Param returns the handoff of parameter i, or nil.
func (f *HandoffFact) Param(i int) *ParamHandoff {
	for k := range f.Params {
		if f.Params[k].Index == i {
			return &f.Params[k]
		}
	}
	return nil
}

// Handoff returns the fact of fn, from this package or an imported one.
func (m *Model) Handoff(fn *types.Func) *HandoffFact {
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

// ExportHandoffFacts computes and exports HandoffFact for the functions
// of the package. Parameters of a pooled type are left out: a goroutine
// that outlives a handler with its pooled context is reported where it
// starts, not at every caller.
func (m *Model) ExportHandoffFacts() {
	if m.handoffsDone {
		return
	}
	m.handoffsDone = true
	if m.handoffs == nil {
		m.handoffs = map[*types.Func]*HandoffFact{}
	}
	if m.pass.Module != nil && m.pass.Module.Version != "" {
		// A versioned dependency, not the user's code. Libraries that take
		// a context and start goroutines tie them to the call (grpc-go's
		// client streams watch ctx.Done() until the stream ends): facts
		// there would flag every controller calling them. The bug this
		// fact exists for is the project's own service layer.
		return
	}
	if IsStd(m.pass) {
		// The standard library's goroutines that take a context (such as
		// context.WithCancel's propagateCancel) end with it by design.
		return
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
	// function of the package that hands it off, hands it off too.
	for round := 0; round < 8; round++ {
		changed := false
		for _, fi := range fns {
			ret := m.ParamRetention(fi.decl, fi.params)
			found := map[*types.Var]string{}
			note := func(o *Origin, where string) {
				if o != nil && o.Var != nil && found[o.Var] == "" {
					found[o.Var] = where
				}
			}
			for _, l := range m.LaunchesIn(fi.decl) {
				if m.Joined(l) {
					continue
				}
				where := fmt.Sprintf("%s at %s", l.Describe(), ShortPos(m.pass.Fset, l.Pos()))
				for _, e := range l.EvaluatedAtLaunch() {
					note(ret.Retains(e), where)
				}
				for _, u := range ret.FreeUses(l.Lit) {
					note(u.Origin, where)
				}
			}
			ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				callee := typeutil.StaticCallee(m.pass.TypesInfo, call)
				if callee == nil || callee == fi.obj {
					return true
				}
				if f := m.Handoff(callee); f != nil {
					for _, p := range f.Params {
						if p.Index < len(call.Args) {
							note(ret.Retains(call.Args[p.Index]), "via "+FuncName(callee))
						}
					}
				}
				return true
			})
			if len(found) == 0 {
				continue
			}
			fact := &HandoffFact{}
			sig := fi.obj.Type().(*types.Signature)
			for i := 0; i < sig.Params().Len(); i++ {
				if where := found[sig.Params().At(i)]; where != "" {
					fact.Params = append(fact.Params, ParamHandoff{Index: i, Name: sig.Params().At(i).Name(), Where: where})
				}
			}
			if old := m.handoffs[fi.obj]; old == nil || len(old.Params) != len(fact.Params) {
				m.handoffs[fi.obj] = fact
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for _, obj := range sortedFuncs(m.handoffs) {
		m.pass.ExportObjectFact(obj, m.handoffs[obj])
	}
	if len(m.handoffs) > 0 {
		m.pass.ExportPackageFact(new(PackageHandoffFact))
	}
}

// ShortPos is a position for a fact or message: file base name and line,
// stable across drivers (facts travel between processes, token.Pos does
// not).
func ShortPos(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() {
		return "?"
	}
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// FuncName names fn for messages: "pkg.Func" or "(*pkg.T).Method".
func FuncName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Name() + "."
	}
	if recv := sig.Recv(); recv != nil {
		t := types.Unalias(recv.Type())
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t, star = types.Unalias(p.Elem()), "*"
		}
		if named, ok := t.(*types.Named); ok {
			return fmt.Sprintf("(%s%s%s).%s", star, pkg, named.Obj().Name(), fn.Name())
		}
	}
	return pkg + fn.Name()
}

// PackageHandoffFact marks a package with at least one HandoffFact, so
// that a package importing none skips looking at its calls.
type PackageHandoffFact struct{}

func (*PackageHandoffFact) AFact() {}

func (*PackageHandoffFact) String() string { return "has handoffs" }

// MayCallHandoffs reports whether the package has, or directly imports a
// package that has, functions with a HandoffFact.
func (m *Model) MayCallHandoffs() bool {
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

// MayHoldPooled reports whether a pooled request-context type can appear
// in the package: it imports a package that defines one, directly or
// through one of its imports (a project's own wrapper of gin).
func (m *Model) MayHoldPooled() bool {
	pkgs := m.table.Packages()
	if pkgs[m.pass.Pkg.Path()] {
		return true
	}
	for _, imp := range m.pass.Pkg.Imports() {
		if pkgs[imp.Path()] {
			return true
		}
		for _, imp2 := range imp.Imports() {
			if pkgs[imp2.Path()] {
				return true
			}
		}
	}
	return false
}

// IsStd reports whether the pass is over a standard library package. The
// import path alone cannot tell (analysistest's GOPATH packages are called
// "a"), so it asks the driver's module (unitchecker sets an empty module
// path for std) and else where the files are: under GOROOT/src.
func IsStd(pass *analysis.Pass) bool {
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	if strings.Contains(first, ".") {
		return false
	}
	if pass.Module != nil && pass.Module.Path != "" {
		return false
	}
	goroot := build.Default.GOROOT
	if goroot == "" || len(pass.Files) == 0 {
		return false
	}
	name := pass.Fset.Position(pass.Files[0].Package).Filename
	return strings.HasPrefix(name, filepath.Join(goroot, "src")+string(filepath.Separator))
}

// sortedFuncs returns the keys of m in source order, so that facts are
// exported, and output produced, deterministically.
func sortedFuncs[V any](m map[*types.Func]V) []*types.Func {
	objs := make([]*types.Func, 0, len(m))
	for obj := range m {
		objs = append(objs, obj)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })
	return objs
}
