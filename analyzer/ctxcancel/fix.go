package ctxcancel

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// context.WithoutCancel is new in Go 1.21
// (https://go.dev/doc/go1.21#context).
const go121 = "go1.21"

// fix hands the goroutine context.WithoutCancel(ctx) at the launch: it
// wraps the argument of `go f(ctx)` / `go func(ctx ...) {...}(ctx)`, or
// turns a captured ctx into a parameter of the literal,
//
//	go func() { ... ctx ... }()  →  go func(ctx context.Context) { ... ctx ... }(context.WithoutCancel(ctx))
//
// so that every use in the goroutine sees the detached context and the
// handler's own uses keep the request's. The result keeps the values and
// drops the cancellation; it also drops a deadline, so a context with one
// gets no fix. Every finding of the launch must be cured by the one edit,
// else there is none.
func (c *checker) fix(l *goroutine.Launch, t *tracker, found []finding) *analysis.SuggestedFix {
	if v := fixes.GoVersionAt(c.p.Pass, l.Pos()); v != "" && version.Compare(v, go121) < 0 {
		return nil
	}
	var wrap ast.Expr   // an argument of the launch's call to wrap
	var capt *types.Var // or a captured variable to pass in
	for _, f := range found {
		if f.src.deadline || f.src.request || f.field != "" || f.kept {
			return nil // a deadline would go too; a request, a carrier or a kept value is no context to wrap
		}
		e, v := c.target(l, f)
		switch {
		case e != nil && (wrap == nil || wrap == e) && capt == nil:
			wrap = e
		case v != nil && (capt == nil || capt == v) && wrap == nil:
			capt = v
		default:
			return nil
		}
	}
	pkg, edits, ok := fixes.Import(c.p.Pass, l.Pos(), "context", "context")
	if !ok {
		return nil
	}
	if wrap != nil {
		src := fixes.Source(c.p.Pass, wrap.Pos(), wrap.End())
		if src == "" {
			return nil
		}
		edits = append(edits,
			analysis.TextEdit{Pos: wrap.Pos(), End: wrap.Pos(), NewText: []byte(pkg + ".WithoutCancel(")},
			analysis.TextEdit{Pos: wrap.End(), End: wrap.End(), NewText: []byte(")")})
		return &analysis.SuggestedFix{
			Message:   fmt.Sprintf("Pass %s.WithoutCancel(%s) to the goroutine", pkg, src),
			TextEdits: edits,
		}
	}
	lit, call := l.Lit, l.Call
	params := lit.Type.Params
	sep := ""
	if params.NumFields() > 0 {
		sep = ", "
	}
	argSep := ""
	if len(call.Args) > 0 {
		argSep = ", "
	}
	edits = append(edits,
		analysis.TextEdit{Pos: params.Closing, End: params.Closing, NewText: []byte(sep + capt.Name() + " " + pkg + ".Context")},
		analysis.TextEdit{Pos: call.Rparen, End: call.Rparen, NewText: []byte(argSep + pkg + ".WithoutCancel(" + capt.Name() + ")")})
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Pass %s.WithoutCancel(%s) to the goroutine", pkg, capt.Name()),
		TextEdits: edits,
	}
}

// target returns what the fix must change for f: an argument of the
// launch's call (go f(ctx), or the argument bound to the literal's
// parameter), or a context.Context variable the goroutine's literal
// captures. Neither, when the context is made inside the goroutine
// (r.Context() called there) or the shape does not allow it.
func (c *checker) target(l *goroutine.Launch, f finding) (ast.Expr, *types.Var) {
	info := c.p.TypesInfo
	if f.atLaunch {
		if c.acceptsContext(l.Call, f.arg) {
			return f.arg, nil
		}
		return nil, nil
	}
	id, ok := ast.Unparen(f.arg).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || l.Lit == nil {
		return nil, nil
	}
	lit := l.Lit
	// A parameter of the literal, bound by the go statement's call.
	if l.Call != nil && ast.Unparen(l.Call.Fun) == lit && !l.Call.Ellipsis.IsValid() {
		i := 0
		for _, field := range lit.Type.Params.List {
			for _, name := range field.Names {
				if info.Defs[name] == v && i < len(l.Call.Args) && isContextContext(v.Type()) {
					return l.Call.Args[i], nil
				}
				i++
			}
			if len(field.Names) == 0 {
				i++
			}
		}
	}
	// A variable captured from outside: pass it in, if it is a plain
	// context.Context the goroutine never assigns.
	if lit.Pos() <= v.Pos() && v.Pos() < lit.End() {
		return nil, nil
	}
	if l.Call == nil || ast.Unparen(l.Call.Fun) != lit || l.Call.Ellipsis.IsValid() || lit.Type.Params == nil || !isContextContext(v.Type()) {
		return nil, nil
	}
	if sig, ok := info.TypeOf(lit).(*types.Signature); !ok || sig.Variadic() {
		return nil, nil
	}
	if assigns(info, lit.Body, v) {
		return nil, nil
	}
	return nil, v
}

// acceptsContext reports whether arg of call is passed as a
// context.Context, so that context.WithoutCancel(arg) can stand in for it.
func (c *checker) acceptsContext(call *ast.CallExpr, arg ast.Expr) bool {
	sig, _ := typesx.Underlying(c.p.TypesInfo, call.Fun).(*types.Signature)
	if sig == nil {
		return false
	}
	for i, a := range call.Args {
		if a == arg {
			return isContextContext(paramType(sig, i))
		}
	}
	return false
}

func isContextContext(t types.Type) bool { return isNamed(t, "context", "Context", false) }

// assigns reports whether body assigns to v (or takes its address).
func assigns(info *types.Info, body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.Uses[id] == v {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}
