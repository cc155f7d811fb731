// Package callgraph answers the call-graph questions of one package of
// the user's code, once, for the model and every rule: its function
// declarations, the functions a call may call (through the user's
// interfaces, the implementations the package can see), and the fixed
// points of facts that depend on the facts of callees.
package callgraph

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/fixpoint"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// A Graph is the call graph of one package. It is lazy: each question
// is answered when first asked, and kept. Not safe for concurrent use
// (the model that holds it is locked by its users).
type Graph struct {
	pass         *analysis.Pass
	insp         *inspector.Inspector
	decls        []FuncDecl
	declOf       map[*types.Func]*ast.FuncDecl
	implTypes    []*types.Named                      // candidate implementations of the user's interfaces
	impls        map[*types.Func][]*types.Func       // Implementations, by interface method
	implementers map[*types.Interface][]*types.Named // the implTypes that implement an interface
	implNames    []map[string]bool                   // methodNames of each implType
	refs         map[*types.Func][]*types.Func
	cursors      map[ast.Node]inspector.Cursor // cursor
}

// New returns the call graph of pass's package.
func New(pass *analysis.Pass, insp *inspector.Inspector) *Graph {
	return &Graph{pass: pass, insp: insp}
}

// A FuncDecl is a function declaration of the package that has a body,
// with its object.
type FuncDecl struct {
	Decl *ast.FuncDecl
	Obj  *types.Func
	// Body is the cursor of Decl.Body (Cursor.FindNode from the root
	// costs a walk of the whole package per call).
	Body inspector.Cursor
}

// FuncDecls returns the package's function declarations with bodies, in
// source order. Fact computations start from it.
func (g *Graph) FuncDecls() []FuncDecl {
	if g.decls == nil {
		g.decls = []FuncDecl{}
		g.declOf = map[*types.Func]*ast.FuncDecl{}
		for cur := range g.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
			decl := cur.Node().(*ast.FuncDecl)
			obj, ok := g.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok || decl.Body == nil {
				continue
			}
			g.decls = append(g.decls, FuncDecl{decl, obj, cur.ChildAt(edge.FuncDecl_Body, -1)})
			g.declOf[obj] = decl
		}
	}
	return g.decls
}

// DeclOf returns the declaration of a function of this package (of its
// generic origin, for an instance), or nil.
func (g *Graph) DeclOf(fn *types.Func) *ast.FuncDecl {
	g.FuncDecls()
	return g.declOf[fn.Origin()]
}

// Fixpoint computes facts of fns, functions declared in the package, that
// depend on the facts of the functions they call (fixpoint.Solve): step(i)
// recomputes the fact of fns[i] from what is known so far and reports
// whether it changed; the functions that refer to one that changed run
// again. step must be monotone (see fixpoint.Solve).
func (g *Graph) Fixpoint(fns []*types.Func, step func(i int) bool) {
	index := make(map[*types.Func]int, len(fns))
	for i, fn := range fns {
		index[fn] = i
	}
	refs := g.referrers()
	dependents := func(i int) []int {
		var out []int
		for _, caller := range refs[fns[i]] {
			if j, ok := index[caller]; ok {
				out = append(out, j)
			}
		}
		return out
	}
	fixpoint.Solve(len(fns), dependents, step)
}

// referrers maps each function declared in the package to the declared
// functions whose bodies (nested literals included) refer to it: calls,
// function values (g.Go(s.run)), and calls of an interface method of its
// name (Callees' implementations among them), so that any fact read
// through a reference is followed.
func (g *Graph) referrers() map[*types.Func][]*types.Func {
	if g.refs != nil {
		return g.refs
	}
	g.FuncDecls()
	g.refs = map[*types.Func][]*types.Func{}
	info := g.pass.TypesInfo
	methods := map[string][]*types.Func{}
	for _, fd := range g.decls {
		if fd.Obj.Signature().Recv() != nil {
			methods[fd.Obj.Name()] = append(methods[fd.Obj.Name()], fd.Obj)
		}
	}
	for _, fd := range g.decls {
		seen := map[*types.Func]bool{}
		g.Inspect(fd.Decl.Body, []ast.Node{(*ast.Ident)(nil)}, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			fn, ok := info.Uses[id].(*types.Func)
			if !ok {
				return true
			}
			fn = fn.Origin()
			if g.declOf[fn] != nil && !seen[fn] {
				seen[fn] = true
				g.refs[fn] = append(g.refs[fn], fd.Obj)
			}
			// A call of an interface method may call each method of
			// that name the package declares (a superset of Callees'
			// implementations, which costs no type check: a dependent
			// too many only steps again).
			if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
				for _, impl := range methods[fn.Name()] {
					if !seen[impl] {
						seen[impl] = true
						g.refs[impl] = append(g.refs[impl], fd.Obj)
					}
				}
			}
			return true
		})
	}
	return g.refs
}

// Callees returns the functions call may call: its static callee, or
// for a call of an interface method of the user's, the implementations
// the package can see.
func (g *Graph) Callees(call *ast.CallExpr) []*types.Func {
	fn, ok := typeutil.Callee(g.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return g.Implementations(fn)
	}
	return []*types.Func{fn.Origin()}
}

// UserCode reports whether pkg is the user's: the package under analysis
// or another one of its module (stdlib.UserPackage).
func (g *Graph) UserCode(pkg *types.Package) bool { return stdlib.UserPackage(g.pass, pkg) }

// Implementations returns the methods that implement the interface
// method im among the types of this package and of the user's packages it
// imports (directly or not), in a stable order; none for an interface
// outside the user's code (io.Writer, a driver's interface).
func (g *Graph) Implementations(im *types.Func) []*types.Func {
	if !g.UserCode(im.Pkg()) {
		return nil
	}
	iface, ok := im.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	if g.implTypes == nil {
		g.implTypes = []*types.Named{}
		seen := map[*types.Package]bool{}
		var visit func(pkg *types.Package)
		visit = func(pkg *types.Package) {
			if seen[pkg] || !g.UserCode(pkg) {
				return
			}
			seen[pkg] = true
			scope := pkg.Scope()
			for _, name := range scope.Names() {
				tn, ok := scope.Lookup(name).(*types.TypeName)
				if !ok || tn.IsAlias() {
					continue
				}
				// A test double (a mockgen or mockery mock in a
				// non-test file) answers what a test scripted: not an
				// implementation the program runs.
				if named, ok := tn.Type().(*types.Named); ok && !types.IsInterface(named) && named.TypeParams() == nil && !apis.IsTestDouble(named) {
					g.implTypes = append(g.implTypes, named)
				}
			}
			for _, imp := range pkg.Imports() {
				visit(imp)
			}
		}
		visit(g.pass.Pkg)
		sort.SliceStable(g.implTypes, func(i, j int) bool {
			a, b := g.implTypes[i].Obj(), g.implTypes[j].Obj()
			if a.Pkg().Path() != b.Pkg().Path() {
				return a.Pkg().Path() < b.Pkg().Path()
			}
			return a.Name() < b.Name()
		})
	}
	// Every call of an interface method asks again (each rule, each call
	// site, each round of a fixed point), and types.Implements over all
	// the user's types is the hot spot of a package that calls through a
	// large interface (an application's App interface of 200 methods:
	// 60% of the CPU of a cold run). The answer depends only on im: keep
	// it.
	if out, ok := g.impls[im]; ok {
		return out
	}
	var out []*types.Func
	for _, t := range g.implementersOf(iface) {
		obj, _, _ := types.LookupFieldOrMethod(t, true, im.Pkg(), im.Name())
		// A type that embeds an implementation has its method: list it
		// once.
		if fn, ok := obj.(*types.Func); ok && !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	// Clipped: a caller that appends to it gets a copy.
	out = slices.Clip(out)
	if g.impls == nil {
		g.impls = map[*types.Func][]*types.Func{}
	}
	g.impls[im] = out
	return out
}

// implementersOf returns the candidate types (implTypes) that implement
// iface, or whose pointer does, in implTypes' order; computed once per
// interface, for all its methods.
func (g *Graph) implementersOf(iface *types.Interface) []*types.Named {
	if ts, ok := g.implementers[iface]; ok {
		return ts
	}
	// A method set of T is part of *T's: for an interface that is only a
	// method set, checking *T alone answers both.
	basic := iface.IsMethodSet()
	if g.implNames == nil {
		g.implNames = make([]map[string]bool, len(g.implTypes))
		for i, t := range g.implTypes {
			g.implNames[i] = methodNames(t)
		}
	}
	ts := []*types.Named{}
	for i, t := range g.implTypes {
		if !mayHaveMethods(g.implNames[i], iface) {
			continue // the common case, and far cheaper than Implements
		}
		if basic {
			if !types.Implements(types.NewPointer(t), iface) {
				continue
			}
		} else if !types.Implements(t, iface) && !types.Implements(types.NewPointer(t), iface) {
			continue
		}
		ts = append(ts, t)
	}
	if g.implementers == nil {
		g.implementers = map[*types.Interface][]*types.Named{}
	}
	g.implementers[iface] = ts
	return ts
}

// methodNames returns the names of the methods t declares (on T or *T),
// or nil for a struct with embedded fields, whose promoted methods are not
// in that list.
func methodNames(t *types.Named) map[string]bool {
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Embedded() {
				return nil
			}
		}
	}
	names := make(map[string]bool, t.NumMethods())
	for i := 0; i < t.NumMethods(); i++ {
		names[t.Method(i).Name()] = true
	}
	return names
}

// mayHaveMethods reports whether a type with the method names names (nil:
// any, through embedding) can have every method of iface: a necessary
// condition of implementing it, checked without method sets.
func mayHaveMethods(names map[string]bool, iface *types.Interface) bool {
	if names == nil {
		return true
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if !names[iface.Method(i).Name()] {
			return false
		}
	}
	return true
}

// Solve is Fixpoint with the edges given: step(i) reads the facts of
// callees(i), typically fns[i]'s calls and the implementations of the
// interface methods it calls (Callees), exactly; Fixpoint's referrers
// are a superset (every reference, every method of an interface
// method's name).
func Solve(fns []*types.Func, callees func(i int) []*types.Func, step func(i int) bool) {
	index := make(map[*types.Func]int, len(fns))
	for i, fn := range fns {
		index[fn] = i
	}
	callers := make([][]int, len(fns))
	for i := range fns {
		for _, fn := range callees(i) {
			if j, ok := index[fn]; ok {
				callers[j] = append(callers[j], i)
			}
		}
	}
	fixpoint.Solve(len(fns), func(i int) []int { return callers[i] }, step)
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

// Inspect walks n's subtree through the package's inspector, for the
// nodes of types (all with none): astx.Inspect.
func (g *Graph) Inspect(n ast.Node, types []ast.Node, f func(ast.Node) bool) {
	if c, ok := g.cursor(n); ok {
		astx.InspectAt(c, types, f)
		return
	}
	astx.Inspect(g.insp, n, types, f)
}

// InspectNoLits is Inspect outside function literals: astx.InspectNoLits.
func (g *Graph) InspectNoLits(n ast.Node, types []ast.Node, f func(ast.Node) bool) {
	types, f = astx.NoLits(types, f)
	g.Inspect(n, types, f)
}

// cursor returns the cursor of a function, its body or a file, the nodes
// walks start from, kept from one walk of the package for them (finding
// a cursor by position costs the siblings on its path, hundreds in a
// large file).
func (g *Graph) cursor(n ast.Node) (inspector.Cursor, bool) {
	if g.insp == nil {
		return inspector.Cursor{}, false
	}
	if g.cursors == nil {
		g.cursors = map[ast.Node]inspector.Cursor{}
		for c := range g.insp.Root().Children() {
			g.cursors[c.Node()] = c
		}
		for c := range g.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			g.cursors[c.Node()] = c
			switch fn := c.Node().(type) {
			case *ast.FuncDecl:
				if fn.Body != nil {
					g.cursors[fn.Body] = c.ChildAt(edge.FuncDecl_Body, -1)
				}
			case *ast.FuncLit:
				g.cursors[fn.Body] = c.ChildAt(edge.FuncLit_Body, -1)
			}
		}
	}
	c, ok := g.cursors[n]
	return c, ok
}
