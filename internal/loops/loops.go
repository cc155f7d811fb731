// Package loops answers how a for or range loop can end: which statements
// leave it, and whether a statement list always leaves it. goexit asks it
// for loops that never end; timeafter asks it whether a select case can
// carry a loop on.
package loops

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// NoReturn reports whether call never returns to its caller: panic,
// runtime.Goexit, the testing methods that end the test's goroutine, and
// what the knowledge layer says ends the process (apis.EndsProcess:
// os.Exit, log.Fatal*, a logger's Fatal* or Panic* — logrus, zap, klog
// and the others of its table, by identity). These end a loop, or a path,
// as surely as a return does; one table answers for every rule.
func NoReturn(info *types.Info, call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return fn.Name() == "panic"
	case *types.Func:
		if fn.Pkg() == nil {
			return false
		}
		switch fn.Pkg().Path() {
		case "testing":
			// t.Fatal and friends end the test's goroutine with
			// runtime.Goexit, on *testing.T, B, F and testing.TB alike.
			switch fn.Name() {
			case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
				return fn.Signature().Recv() != nil
			}
			return false
		case "runtime":
			return fn.Name() == "Goexit" && fn.Signature().Recv() == nil
		}
		return apis.EndsProcess(fn)
	}
	return false
}

// A Loop is a for or range statement with its label, if any.
type Loop struct {
	Stmt  ast.Stmt     // *ast.ForStmt or *ast.RangeStmt
	Label types.Object // the label of the statement, or nil
	info  *types.Info
}

// New returns the loop stmt; labeled is the *ast.LabeledStmt around it,
// or nil.
func New(info *types.Info, stmt ast.Stmt, labeled *ast.LabeledStmt) *Loop {
	l := &Loop{Stmt: stmt, info: info}
	if labeled != nil {
		l.Label = info.Defs[labeled.Label]
	}
	return l
}

// Body returns the loop's body.
func (l *Loop) Body() *ast.BlockStmt {
	switch s := l.Stmt.(type) {
	case *ast.ForStmt:
		return s.Body
	case *ast.RangeStmt:
		return s.Body
	}
	return nil
}

// inside reports whether obj (a label) is declared inside the loop.
func (l *Loop) inside(obj types.Object) bool {
	return obj != nil && l.Stmt.Pos() <= obj.Pos() && obj.Pos() < l.Stmt.End()
}

// branchLeaves reports whether a labeled branch statement, or a goto,
// leaves the loop for good. `continue L` on the loop's own label does not;
// on an outer loop's it does (this loop starts afresh).
func (l *Loop) branchLeaves(b *ast.BranchStmt) bool {
	if b.Label == nil {
		return false
	}
	obj := l.info.Uses[b.Label]
	if obj == nil {
		return true // broken code: say it leaves, which reports nothing
	}
	switch b.Tok {
	case token.BREAK, token.GOTO:
		return obj == l.Label || !l.inside(obj)
	case token.CONTINUE:
		return obj != l.Label && !l.inside(obj)
	}
	return false
}

// Exits returns a statement or call that ends the loop (a return, a break
// out of it, a goto out of it, a call that never returns), or nil if
// nothing in the body can. Function literals in the body are not looked
// into: their returns end the literal, not the loop.
//
// It also returns the unlabeled breaks that were probably meant to leave
// the loop but leave only a select or switch in it — the classic
// `for { select { case <-ctx.Done(): break } }`.
func (l *Loop) Exits() (exit ast.Node, innerBreaks []*ast.BranchStmt) {
	// target is the statement an unlabeled break at this depth leaves:
	// the loop itself, a select or switch in it, or a nested loop.
	var visit func(n ast.Node, target ast.Node, nested bool)
	visit = func(root ast.Node, target ast.Node, nested bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			if exit != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if n != root {
					visit(n, n, true)
					return false
				}
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if n != root {
					visit(n, n, nested)
					return false
				}
			case *ast.ReturnStmt:
				exit = n
			case *ast.BranchStmt:
				switch {
				case n.Label != nil:
					if l.branchLeaves(n) {
						exit = n
					}
				case n.Tok == token.BREAK && target == l.Stmt:
					exit = n
				case n.Tok == token.BREAK && !nested:
					innerBreaks = append(innerBreaks, n)
				}
			case *ast.CallExpr:
				if NoReturn(l.info, n) {
					exit = n
				}
			}
			return true
		})
	}
	if body := l.Body(); body != nil {
		visit(body, l.Stmt, false)
	}
	if exit != nil {
		innerBreaks = nil
	}
	return exit, innerBreaks
}

// Leaves reports whether every path through stmts, a list directly in the
// loop or in a select or switch case in it, ends the loop for good: a
// return, a labeled break or goto out of it, a call that never returns, or
// an if/else whose branches all do. An unlabeled break is taken to leave
// only the select or switch stmts belongs to.
func (l *Loop) Leaves(stmts []ast.Stmt) bool {
	for _, s := range stmts {
		if l.leavesStmt(s) {
			return true
		}
	}
	return false
}

func (l *Loop) leavesStmt(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return l.branchLeaves(s)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && NoReturn(l.info, call)
	case *ast.BlockStmt:
		return l.Leaves(s.List)
	case *ast.LabeledStmt:
		return l.leavesStmt(s.Stmt)
	case *ast.IfStmt:
		return s.Else != nil && l.Leaves(s.Body.List) && l.leavesStmt(s.Else)
	}
	return false
}

// Enclosing returns the innermost loop whose body holds the node at cur,
// without crossing a function boundary, or nil. A for statement's init,
// condition and post, and a range statement's operand, are not its body:
// they are not evaluated once per iteration (or not in it).
func Enclosing(info *types.Info, cur inspector.Cursor) *Loop {
	var child ast.Node
	for c := range cur.Enclosing() {
		switch p := c.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.ForStmt:
			if child == p.Body {
				return New(info, p, labelOf(c))
			}
		case *ast.RangeStmt:
			if child == p.Body {
				return New(info, p, labelOf(c))
			}
		}
		child = c.Node()
	}
	return nil
}

func labelOf(c inspector.Cursor) *ast.LabeledStmt {
	ls, _ := c.Parent().Node().(*ast.LabeledStmt)
	return ls
}

// NeverClosed reports whether x is a channel that nothing ever closes, so
// that a range over it never ends: a ticker's C (Stop does not close it)
// or the channel of time.Tick.
func NeverClosed(info *types.Info, x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		v, ok := info.Uses[x.Sel].(*types.Var)
		if !ok || !v.IsField() || v.Name() != "C" || v.Pkg() == nil || v.Pkg().Path() != "time" {
			return false
		}
		sel := info.Selections[x]
		if sel == nil {
			return false
		}
		named := astx.NamedOf(sel.Recv())
		return named != nil && named.Obj().Name() == "Ticker"
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, x).(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Tick"
	}
	return false
}

// Endless reports whether loop never ends by itself: a for without
// condition (or with a constant true one), or a range over a channel that
// is never closed. It says nothing of the loop's exits.
func Endless(info *types.Info, loop ast.Stmt) bool {
	switch s := loop.(type) {
	case *ast.ForStmt:
		if s.Cond == nil {
			return true
		}
		v, ok := typesx.Bool(info, s.Cond)
		return ok && v
	case *ast.RangeStmt:
		return NeverClosed(info, s.X)
	}
	return false
}
