package gorecover

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// cannotPanic reports whether a goroutine body is made only of things that
// do not panic in a correct program: receives, selects on receives,
// assignments to local variables, and calls into context, sync, time and
// sync/atomic (wg.Done, cancel(), time.Sleep), os.Exit, and fmt's and
// log's printing functions. A watcher such as
// go func() { <-ctx.Done(); cancel() }() needs no recover, and a reviewer
// would not add one. Anything else (a call to other code, an index, a
// type assertion, a send, a pointer dereference) may panic.
func cannotPanic(info *types.Info, body *ast.BlockStmt) bool {
	ok := true
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !ok || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.BlockStmt, *ast.ExprStmt, *ast.DeferStmt, *ast.ReturnStmt,
			*ast.BranchStmt, *ast.IfStmt, *ast.ForStmt, *ast.SelectStmt,
			*ast.CommClause, *ast.ParenExpr, *ast.BasicLit, *ast.EmptyStmt,
			*ast.LabeledStmt, *ast.Ident:
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if _, isIdent := ast.Unparen(l).(*ast.Ident); !isIdent {
					ok = false // a field or element write may dereference nil
				}
			}
		case *ast.UnaryExpr:
			ok = n.Op == token.ARROW || n.Op == token.NOT || n.Op == token.SUB
		case *ast.BinaryExpr:
			ok = n.Op != token.QUO && n.Op != token.REM && n.Op != token.SHL && n.Op != token.SHR
		case *ast.SelectorExpr:
			// A package-qualified name (time.Second); any other selector
			// may dereference nil.
			id, isIdent := n.X.(*ast.Ident)
			if !isIdent {
				ok = false
			} else if _, isPkg := info.Uses[id].(*types.PkgName); !isPkg {
				ok = false
			}
			return false
		case *ast.CallExpr:
			if ok = safeCall(info, n); ok {
				for _, a := range n.Args {
					ast.Inspect(a, visit)
				}
			}
			return false
		default:
			ok = false
		}
		return ok
	}
	ast.Inspect(body, visit)
	return ok
}

// safeCall reports whether call is into context, sync, sync/atomic or time,
// or calls a context.CancelFunc.
func safeCall(info *types.Info, call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Func:
		if fn.Pkg() == nil {
			return false
		}
		isFunc := fn.Type().(*types.Signature).Recv() == nil
		switch fn.Pkg().Path() {
		case "context", "sync", "sync/atomic", "time":
			return true
		case "os":
			return isFunc && fn.Name() == "Exit"
		case "fmt", "log":
			// fmt turns a panic in a String or Error method into text;
			// log's package functions print through it. Not log.Panic,
			// nor fmt.Fprint (a nil writer).
			return isFunc && (strings.HasPrefix(fn.Name(), "Print") || strings.HasPrefix(fn.Name(), "Sprint") ||
				fn.Name() == "Errorf" || strings.HasPrefix(fn.Name(), "Fatal"))
		}
		return false
	case *types.Builtin:
		return fn.Name() == "len" || fn.Name() == "cap"
	case *types.Var:
		if named, ok := types.Unalias(fn.Type()).(*types.Named); ok && named.Obj().Pkg() != nil {
			return named.Obj().Pkg().Path() == "context"
		}
	}
	return false
}
