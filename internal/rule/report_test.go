package rule_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/rule"
)

func TestShortRange(t *testing.T) {
	const src = `package p

func f(ch chan int) int {
	for range ch {
		go func() {}()
		defer g.Stop()
	}
	return h(1)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"*ast.FuncDecl":   "f",
		"*ast.RangeStmt":  "for",
		"*ast.GoStmt":     "go",
		"*ast.FuncLit":    "func",
		"*ast.DeferStmt":  "defer",
		"*ast.ReturnStmt": "return",
	}
	got := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		var key string
		switch n.(type) {
		case *ast.FuncDecl:
			key = "*ast.FuncDecl"
		case *ast.RangeStmt:
			key = "*ast.RangeStmt"
		case *ast.GoStmt:
			key = "*ast.GoStmt"
		case *ast.FuncLit:
			key = "*ast.FuncLit"
		case *ast.DeferStmt:
			key = "*ast.DeferStmt"
		case *ast.ReturnStmt:
			key = "*ast.ReturnStmt"
		case *ast.CallExpr:
			r := rule.ShortRange(n)
			got["call "+src[fset.Position(r.Pos()).Offset:fset.Position(r.End()).Offset]] = "ok"
			return true
		default:
			return true
		}
		r := rule.ShortRange(n)
		got[key] = src[fset.Position(r.Pos()).Offset:fset.Position(r.End()).Offset]
		return true
	})
	for k, w := range want {
		if got[k] != w {
			t.Errorf("ShortRange(%s) = %q, want %q", k, got[k], w)
		}
	}
	// Calls: the method's name, or the function expression.
	for _, c := range []string{"call Stop", "call h", "call func() {}"} {
		if got[c] != "ok" {
			t.Errorf("no call reported as %q; got %v", c, got)
		}
	}
	rel := rule.Related(f.Decls[0], "%s returns", "f")
	if rel.Message != "f returns" || rel.End-rel.Pos != 1 {
		t.Errorf("Related = %+v", rel)
	}
}
