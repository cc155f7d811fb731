package goexit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/loops"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// --- a stop signal skipped on some path ---

// checkStopSignal reports a goroutine whose loop never ends but by a
// receive on a stop channel its starting function makes (a refresh loop:
// `case <-stop: return`), when that function can return without closing
// it, or sending on it — an early return on an error. The exit must be
// reachable on every path out of the owner: on the others the loop runs
// forever, one more per call.
func (c *checker) checkStopSignal(l *goroutine.Launch) {
	fn := l.Encl
	if fn == nil || l.Lit == nil {
		return
	}
	var loop *ast.ForStmt
	topLevel(l.Lit.Body, func(s ast.Stmt) bool {
		if f, ok := s.(*ast.ForStmt); ok && f.Cond == nil {
			loop = f
			return false
		}
		return true
	})
	if loop == nil {
		return
	}
	stop, exit := c.onlyStopExit(l, loop)
	if stop == nil {
		return
	}
	u := c.chanOf(fn, stop, l, l.Node)
	if u == nil || u.make == nil || u.unknown() || u.otherSends || u.deferClosed || u.closedElsewhere || u.returns > 0 {
		return // stopped by code we do not follow, or on every path by a defer
	}
	through := append([]ast.Node(nil), u.closes...)
	through = append(through, c.sendsIn(fn, l, stop)...)
	ret := c.m.ReturnAvoiding(fn, l.Node, through)
	if ret == nil {
		return
	}
	ch, name := stop.Name(), c.funcName(fn)
	var when string
	if len(through) == 0 {
		when = fmt.Sprintf("nothing in %s closes %s", name, ch)
	} else if r, ok := ret.(*ast.ReturnStmt); ok {
		when = fmt.Sprintf("%s can return at line %d without closing %s", name, c.p.Fset.Position(r.Pos()).Line, ch)
	} else {
		when = fmt.Sprintf("%s can run to its end without closing %s", name, ch)
	}
	advice := fmt.Sprintf("defer close(%s) where it is made", ch)
	if len(through) > 0 {
		advice = fmt.Sprintf("close %s on every path out of %s: defer close(%s) where it is made, in place of the close on some paths", ch, name, ch)
	}
	d := analysis.Diagnostic{
		Pos: l.Pos(), End: l.End(),
		Message: fmt.Sprintf("this goroutine never finishes if %s is not closed: its loop ends only on <-%s, and %s, so on that path it runs forever, one more per call — %s", ch, ch, when, advice),
		Related: []analysis.RelatedInformation{rule.Related(exit, "the loop's only way out")},
	}
	if r, ok := ret.(*ast.ReturnStmt); ok && len(through) > 0 {
		d.Related = append(d.Related, rule.Related(r, "%s returns here without closing %s", name, ch))
	}
	c.report(d)
}

// onlyStopExit returns the channel variable of the function that starts
// the goroutine of l on which every way out of loop receives (the loop
// leaves only in `case <-stop:` clauses, or after `<-stop`), and one such
// way out; nil if the loop has another way out (ctx.Done(), an error, a
// break) or none.
func (c *checker) onlyStopExit(l *goroutine.Launch, loop *ast.ForStmt) (*types.Var, ast.Node) {
	info := c.p.TypesInfo
	var stop *types.Var
	var exit ast.Node
	other := false
	lp := loops.New(info, loop, nil)
	var visit func(n ast.Node, nested bool)
	visit = func(root ast.Node, nested bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			if other {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if n != root {
					visit(n, true)
					return false
				}
			case *ast.CommClause:
				if e := astx.RecvChan(n); e != nil && lp.Leaves(n.Body) {
					if id, ok := ast.Unparen(e).(*ast.Ident); ok {
						if v, ok := info.Uses[id].(*types.Var); ok {
							v = c.outerVar(l, v)
							if stop == nil || stop == v {
								stop, exit = v, n
								return false
							}
						}
					}
				}
			case *ast.ReturnStmt:
				other = true
			case *ast.BranchStmt:
				// A break or goto that may leave: conservatively another way out.
				if n.Label != nil || n.Tok == token.GOTO || (n.Tok == token.BREAK && !nested) {
					other = true
				}
			case *ast.CallExpr:
				if loops.NoReturn(info, n) {
					other = true
				}
			}
			return true
		})
	}
	visit(loop.Body, false)
	if other || stop == nil {
		return nil, nil
	}
	return stop, exit
}

// sendsIn returns the send statements on v in fn's own body (not in a
// function literal): a send stops the loop as a close does.
func (c *checker) sendsIn(fn ast.Node, l *goroutine.Launch, v *types.Var) []ast.Node {
	info := c.p.TypesInfo
	var out []ast.Node
	c.m.InspectNoLits(goroutine.FuncBody(fn), nil, func(n ast.Node) bool {
		if s, ok := n.(*ast.SendStmt); ok {
			if id, ok := ast.Unparen(s.Chan).(*ast.Ident); ok && info.Uses[id] == v {
				out = append(out, s)
			}
		}
		return true
	})
	return out
}
