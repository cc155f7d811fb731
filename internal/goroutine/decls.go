package goroutine

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/fixpoint"
)

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
func (m *Model) FuncDecls() []FuncDecl {
	if m.decls == nil {
		m.decls = []FuncDecl{}
		m.declOf = map[*types.Func]*ast.FuncDecl{}
		for cur := range m.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
			decl := cur.Node().(*ast.FuncDecl)
			obj, ok := m.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok || decl.Body == nil {
				continue
			}
			m.decls = append(m.decls, FuncDecl{decl, obj, cur.ChildAt(edge.FuncDecl_Body, -1)})
			m.declOf[obj] = decl
		}
	}
	return m.decls
}

// DeclOf returns the declaration of a function of this package (of its
// generic origin, for an instance), or nil.
func (m *Model) DeclOf(fn *types.Func) *ast.FuncDecl {
	m.FuncDecls()
	return m.declOf[fn.Origin()]
}

// Fixpoint computes facts of fns, functions declared in the package, that
// depend on the facts of the functions they call (fixpoint.Solve): step(i)
// recomputes the fact of fns[i] from what is known so far and reports
// whether it changed; the functions that refer to one that changed run
// again. step must be monotone (see fixpoint.Solve).
func (m *Model) Fixpoint(fns []*types.Func, step func(i int) bool) {
	index := make(map[*types.Func]int, len(fns))
	for i, fn := range fns {
		index[fn] = i
	}
	refs := m.referrers()
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
// and also function values (g.Go(s.run)), so that any fact read through a
// reference is followed.
func (m *Model) referrers() map[*types.Func][]*types.Func {
	if m.refs != nil {
		return m.refs
	}
	m.FuncDecls()
	m.refs = map[*types.Func][]*types.Func{}
	info := m.pass.TypesInfo
	for _, fd := range m.decls {
		seen := map[*types.Func]bool{}
		ast.Inspect(fd.Decl.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			fn, ok := info.Uses[id].(*types.Func)
			if !ok {
				return true
			}
			fn = fn.Origin()
			if m.declOf[fn] != nil && !seen[fn] {
				seen[fn] = true
				m.refs[fn] = append(m.refs[fn], fd.Obj)
			}
			return true
		})
	}
	return m.refs
}

// LaunchesIn returns the launches inside decl, its nested literals
// included, in source order.
func (m *Model) LaunchesIn(decl *ast.FuncDecl) []*Launch {
	if m.launchesIn == nil {
		m.launchesIn = map[*ast.FuncDecl][]*Launch{}
		for _, l := range m.Launches() {
			for enc := range l.Cursor.Enclosing((*ast.FuncDecl)(nil)) {
				d := enc.Node().(*ast.FuncDecl)
				m.launchesIn[d] = append(m.launchesIn[d], l)
			}
		}
	}
	return m.launchesIn[decl]
}

// InspectNoLits is ast.Inspect that does not descend into function
// literals (code that runs later, or on another goroutine) and never calls
// f with nil.
func InspectNoLits(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.FuncLit:
			return false
		}
		return f(n)
	})
}
