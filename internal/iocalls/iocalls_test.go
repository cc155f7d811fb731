package iocalls_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/iocalls"
)

const src = `package p

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/smtp"
	"os"
)

func f(ctx context.Context, db *sql.DB, c *http.Client, req *http.Request) {
	db.Exec("")                                  // DBWrite
	db.QueryContext(ctx, "")                     // ContextIO
	db.Query("")                                 // NoWork
	c.Do(req)                                    // Outgoing
	http.NewRequestWithContext(ctx, "GET", "", nil) // NoWork: binds
	smtp.SendMail("", nil, "", nil, nil)         // Mail
	os.WriteFile("", nil, 0)                     // FileWrite
	os.ReadFile("")                              // NoWork
	slog.InfoContext(ctx, "")                    // NoWork: value-only
	context.WithCancel(ctx)                      // NoWork: derives
}
`

// TestDurable checks the table and the context rule on calls of the
// standard library, by the resolved function.
func TestDurable(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	vo, err := iocalls.ParseValueOnly(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []iocalls.Work{iocalls.DBWrite, iocalls.ContextIO, iocalls.NoWork, iocalls.Outgoing, iocalls.NoWork, iocalls.Mail, iocalls.FileWrite, iocalls.NoWork, iocalls.NoWork, iocalls.NoWork}
	i := 0
	ast.Inspect(f, func(n ast.Node) bool {
		stmt, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		call := stmt.X.(*ast.CallExpr)
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		if got := iocalls.Durable(fn, vo); i < len(want) && got != want[i] {
			t.Errorf("%s: Durable = %v, want %v", types.ExprString(call.Fun), got, want[i])
		}
		i++
		return false
	})
	if i != len(want) {
		t.Errorf("%d calls, want %d", i, len(want))
	}
}
