package ctxcopy

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// fiber's Config.Immutable makes the strings a context returns (Params,
// Query, Get, ...) copies instead of views of fasthttp's pooled buffers
// ("Zero Allocation" in fiber's docs; app.go's toString in v2.52 and
// v3.1): with it, a string taken from the context is the program's own.
// The rule cannot see the app that serves a handler: with
// -ctxcopy.fiber-immutable=auto it takes the setting to be on in a
// package that sets Immutable to true (or to a value not known until run
// time), as ctxcancel does for gin's ContextWithFallback. The pooled
// views (Request, Response, RequestCtx) are not copied by the setting.

// fiberConfigs are the packages whose Config has the Immutable field.
var fiberConfigs = map[string]bool{
	"github.com/gofiber/fiber/v2": true,
	"github.com/gofiber/fiber/v3": true,
}

// setsFiberImmutable reports whether the package sets fiber's
// Config.Immutable to true (or to a value not known until run time).
func setsFiberImmutable(pass *analysis.Pass, m *goroutine.Model) bool {
	info := pass.TypesInfo
	found := false
	for _, f := range pass.Files {
		m.Inspect(f, []ast.Node{(*ast.KeyValueExpr)(nil), (*ast.AssignStmt)(nil)}, func(n ast.Node) bool {
			var lhs, rhs ast.Expr
			switch n := n.(type) {
			case *ast.KeyValueExpr: // fiber.Config{Immutable: true}
				lhs, rhs = n.Key, n.Value
			case *ast.AssignStmt: // cfg.Immutable = true
				if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
					lhs, rhs = n.Lhs[0], n.Rhs[0]
				}
			}
			var field *types.Var
			switch x := ast.Unparen(lhs).(type) {
			case *ast.Ident:
				field, _ = info.ObjectOf(x).(*types.Var)
			case *ast.SelectorExpr:
				field, _ = info.ObjectOf(x.Sel).(*types.Var)
			}
			if field != nil && field.IsField() && field.Name() == "Immutable" && field.Pkg() != nil && fiberConfigs[field.Pkg().Path()] {
				if v, ok := typesx.Bool(info, rhs); !ok || v {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// copiedWhenImmutable reports whether fiber copies a value of type t under
// Immutable: strings, byte slices (Body and BodyRaw: getBody copies in
// v2.52, app.GetBytes in v3.1) and the string collections built from them
// (IPs, GetReqHeaders). Not the pooled views (Request, Response,
// RequestCtx, Req, Res).
func copiedWhenImmutable(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && (b.Kind() == types.Byte || b.Info()&types.IsString != 0) {
			return true
		}
	case *types.Map:
		return copiedWhenImmutable(u.Key()) && copiedWhenImmutable(u.Elem())
	}
	return false
}
