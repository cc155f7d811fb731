package goroutine

import (
	"go/ast"

	"github.com/ginctxlint/ginctxlint/internal/callgraph"
)

// A FuncDecl is a function declaration of the package that has a body,
// with its object (the call graph's).
type FuncDecl = callgraph.FuncDecl

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

// LaunchOf returns the launch that runs lit on a goroutine (go func()
// {...}(), g.Go(lit), or go f() with f set once to lit), or nil.
func (m *Model) LaunchOf(lit *ast.FuncLit) *Launch {
	if m.launchOfLit == nil {
		m.launchOfLit = map[*ast.FuncLit]*Launch{}
		for _, l := range m.Launches() {
			if l.Lit != nil && m.launchOfLit[l.Lit] == nil {
				m.launchOfLit[l.Lit] = l
			}
		}
	}
	return m.launchOfLit[lit]
}
