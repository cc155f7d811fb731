package goroutine

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"

	"github.com/ginctxlint/ginctxlint/internal/loops"
)

// ReturnAvoiding looks, in the function fn, for a path from the node from
// to a normal return that passes none of the nodes in through, and returns
// the return statement that ends it — when the path falls off the end of
// the body, the implicit return go/cfg makes explicit (a *ast.ReturnStmt
// at the closing brace, in no file's syntax) — or nil if there is no such
// path. A node in through is passed
// when its block holds it, except:
//
//   - a *ast.CommClause is passed when its case's body runs (go/cfg
//     evaluates every case's comm before branching, so a receive in a
//     case would otherwise look as if it were on every path);
//   - a *ast.ForStmt or *ast.RangeStmt is passed when the loop is
//     entered, so that `for range n { <-ch }` counts although go/cfg has
//     a path that skips its body.
//
// A range over a ticker's channel does not end but by a break.
//
// Paths that end in panic, os.Exit, log.Fatal or a logger's Fatal
// (loops.NoReturn) are not returns, nor are
// paths on which a test has failed (t.Error; return).
func (m *Model) ReturnAvoiding(fn, from ast.Node, through []ast.Node) ast.Node {
	body := FuncBody(fn)
	if body == nil {
		return nil
	}
	c := m.cfgOf(fn)
	stmts := map[ast.Stmt]bool{}
	var nodes []ast.Node
	for _, t := range through {
		switch t := t.(type) {
		case *ast.CommClause, *ast.ForStmt, *ast.RangeStmt:
			stmts[t.(ast.Stmt)] = true
		default:
			nodes = append(nodes, t)
		}
	}
	contains := func(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }
	passes := func(b *cfg.Block, after token.Pos) bool {
		if b.Stmt != nil && stmts[b.Stmt] && b.Stmt.Pos() >= after {
			if _, ok := b.Stmt.(*ast.CommClause); !ok || b.Kind == cfg.KindSelectCaseBody {
				return true
			}
		}
		for _, n := range b.Nodes {
			for _, t := range nodes {
				if contains(n, t.Pos()) && t.Pos() >= after {
					return true
				}
			}
		}
		return false
	}
	var start *cfg.Block
	for _, b := range c.g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if contains(n, from.Pos()) {
				start = b
				break
			}
		}
		if start != nil {
			break
		}
	}
	if start == nil || passes(start, from.End()) {
		return nil
	}
	end := func(b *cfg.Block) ast.Node {
		if r := b.Return(); r != nil {
			return r
		}
		return body
	}
	succs := func(b *cfg.Block) []*cfg.Block {
		// go/cfg lets every range loop end; one over a ticker's channel
		// never does, except by a break, which has its own edge.
		if b.Kind == cfg.KindRangeLoop && loops.NeverClosed(m.pass.TypesInfo, b.Stmt.(*ast.RangeStmt).X) {
			return b.Succs[:1]
		}
		return b.Succs
	}
	if len(start.Succs) == 0 {
		if c.returns(start) {
			return end(start)
		}
		return nil
	}
	// Breadth first, so that the return reported is a near one.
	seen := map[*cfg.Block]bool{start: true}
	queue := append([]*cfg.Block(nil), succs(start)...)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if seen[b] {
			continue
		}
		seen[b] = true
		if passes(b, token.NoPos) {
			continue
		}
		if b.Kind == cfg.KindSelectAfterCase && c.blocking[b.Stmt] {
			continue // infeasible: a blocking select takes one of its cases
		}
		if len(b.Succs) == 0 {
			if c.returns(b) {
				return end(b)
			}
			continue
		}
		queue = append(queue, succs(b)...)
	}
	return nil
}
