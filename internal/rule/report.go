package rule

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// ShortRange is the range to report for n: the keyword of a statement
// ("return", "for", "go", ...), "func" of a function literal, the name of a
// called function or method, the name of a declaration; any other node's
// whole range. Editors then underline a word, not a twenty-line literal
// (staticcheck's report.ShortRange).
func ShortRange(n ast.Node) analysis.Range {
	word := func(pos token.Pos, w string) analysis.Range { return span{pos, pos + token.Pos(len(w))} }
	switch n := n.(type) {
	case *ast.ReturnStmt:
		return word(n.Return, "return")
	case *ast.ForStmt:
		return word(n.For, "for")
	case *ast.RangeStmt:
		return word(n.For, "for")
	case *ast.GoStmt:
		return word(n.Go, "go")
	case *ast.DeferStmt:
		return word(n.Defer, "defer")
	case *ast.SelectStmt:
		return word(n.Select, "select")
	case *ast.SwitchStmt:
		return word(n.Switch, "switch")
	case *ast.TypeSwitchStmt:
		return word(n.Switch, "switch")
	case *ast.IfStmt:
		return word(n.If, "if")
	case *ast.FuncLit:
		return word(n.Type.Func, "func")
	case *ast.FuncDecl:
		return n.Name
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
			return sel.Sel
		}
		return n.Fun
	}
	return n
}

// Related is a related position at n's short range (see ShortRange).
func Related(n ast.Node, format string, args ...any) analysis.RelatedInformation {
	r := ShortRange(n)
	return analysis.RelatedInformation{Pos: r.Pos(), End: r.End(), Message: fmt.Sprintf(format, args...)}
}

type span struct{ pos, end token.Pos }

func (s span) Pos() token.Pos { return s.pos }
func (s span) End() token.Pos { return s.end }
