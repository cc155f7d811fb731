package shutdown

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// SideFact says a function of the user's builds a debug or metrics side
// server, or its handler: what it returns is made from net/http/pprof,
// expvar or promhttp (directly, on a mux that registers nothing else, in
// an http.Server literal, or through another such function). The side
// server exemption then holds when the constructor lives in another
// package (a metrics package's NewServer started by main).
type SideFact struct{}

func (*SideFact) AFact()         {}
func (*SideFact) String() string { return "side" }

// sideFacts computes the SideFact of the package's functions that return
// a handler or a server, to a fixed point, and exports them.
func (c *checker) sideFacts() {
	var cands []goroutine.FuncDecl
	for _, fd := range c.p.Model().FuncDecls() {
		if servesHTTP(fd.Obj.Type().(*types.Signature).Results()) && !c.isTestFile(fd.Decl) {
			cands = append(cands, fd)
		}
	}
	// A flag that only turns on, read through the calls of the
	// candidates: the model's fixed point.
	objs := make([]*types.Func, len(cands))
	for i, fd := range cands {
		objs[i] = fd.Obj
	}
	c.p.Model().Fixpoint(objs, func(i int) bool {
		if c.side[objs[i]] || !c.returnsSide(cands[i].Decl) {
			return false
		}
		c.side[objs[i]] = true
		return true
	})
	for _, fd := range cands {
		if c.side[fd.Obj] {
			c.p.ExportObjectFact(fd.Obj, new(SideFact))
		}
	}
}

// servesHTTP reports whether a result is an http.Handler or an
// *http.Server.
func servesHTTP(results *types.Tuple) bool {
	for v := range results.Variables() {
		if goroutine.IsNamed(v.Type(), "net/http", "Server") || goroutine.IsNamed(v.Type(), "net/http", "ServeMux") || isHandlerType(v.Type()) {
			return true
		}
	}
	return false
}

func isHandlerType(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	_, ok := obj.(*types.Func)
	return ok
}

// returnsSide reports whether every return of decl returns a side
// handler or server (and there is one).
func (c *checker) returnsSide(decl *ast.FuncDecl) bool {
	n, all := 0, true
	c.p.Model().InspectNoLits(decl.Body, nil, func(node ast.Node) bool {
		rs, ok := node.(*ast.ReturnStmt)
		if !ok || !all {
			return all
		}
		found := false
		for _, r := range rs.Results {
			if t := c.info.TypeOf(r); t != nil && (goroutine.IsNamed(t, "net/http", "Server") || isHandlerType(t)) {
				found = c.sideServerExpr(r, decl.Body) || c.sideHandler(r, decl.Body)
				break
			}
		}
		if !found {
			all = false
		}
		n++
		return true
	})
	return n > 0 && all
}

// sideServerExpr reports whether e is an http.Server literal whose
// handler is a side handler, or a call of a side server's constructor.
func (c *checker) sideServerExpr(e ast.Expr, body *ast.BlockStmt) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		if t := c.info.TypeOf(e); t == nil || !goroutine.IsNamed(t, "net/http", "Server") {
			return false
		}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Handler" {
					if c.defaultMux(kv.Value) {
						return astx.Imports(c.p.Pkg, frameworks.SidePackages...)
					}
					return c.sideHandler(kv.Value, body)
				}
			}
		}
		// No handler: DefaultServeMux, where net/http/pprof and expvar
		// register.
		return astx.Imports(c.p.Pkg, frameworks.SidePackages...)
	case *ast.CallExpr:
		return c.sideFact(typeutil.StaticCallee(c.info, e))
	case *ast.Ident:
		if v, ok := c.info.Uses[e].(*types.Var); ok && body != nil {
			if rhs := c.onlyValue(v, body); rhs != nil {
				return c.sideServerExpr(rhs, body)
			}
		}
	}
	return false
}

// defaultMux reports whether h is nil or http.DefaultServeMux.
func (c *checker) defaultMux(h ast.Expr) bool {
	switch h := ast.Unparen(h).(type) {
	case *ast.Ident:
		return c.info.Uses[h] == types.Universe.Lookup("nil")
	case *ast.SelectorExpr:
		v, ok := c.info.Uses[h.Sel].(*types.Var)
		return ok && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Name() == "DefaultServeMux"
	}
	return false
}

// sideHandler reports whether the handler h is a debug or metrics one:
// made from net/http/pprof, expvar or promhttp, a local mux on which only
// such handlers are registered, or a side constructor's result.
func (c *checker) sideHandler(h ast.Expr, body *ast.BlockStmt) bool {
	h = ast.Unparen(h)
	if call, ok := h.(*ast.CallExpr); ok && c.sideFact(typeutil.StaticCallee(c.info, call)) {
		return true
	}
	if id, ok := h.(*ast.Ident); ok && body != nil {
		if v, ok := c.info.Uses[id].(*types.Var); ok && goroutine.IsNamed(v.Type(), "net/http", "ServeMux") {
			return c.sideMux(v, body)
		}
	}
	return c.mentionsSidePkg(h)
}

func (c *checker) mentionsSidePkg(n ast.Node) bool {
	debug := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := c.info.Uses[id]; obj != nil && obj.Pkg() != nil && slices.Contains(frameworks.SidePackages, obj.Pkg().Path()) {
				debug = true
			}
		}
		return !debug
	})
	return debug
}

// sideMux reports whether every handler registered on the mux v in body
// is a side handler, and there is one.
func (c *checker) sideMux(v *types.Var, body *ast.BlockStmt) bool {
	n, all := 0, true
	ast.Inspect(body, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok {
			return all
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || c.info.Uses[identOf(sel.X)] != v || len(call.Args) != 2 {
			return all
		}
		fn, _ := c.info.Uses[sel.Sel].(*types.Func)
		if id := idOf(fn); id.PkgPath != "net/http" || id.Recv != "ServeMux" || (id.Name != "Handle" && id.Name != "HandleFunc") {
			return all
		}
		n++
		if !c.sideHandler(call.Args[1], nil) {
			all = false
		}
		return all
	})
	return n > 0 && all
}

// sideFact reports whether fn builds a side server or handler.
func (c *checker) sideFact(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() == c.p.Pkg {
		return c.side[fn]
	}
	return fn.Pkg() != nil && !stdlib.Is(c.p.Pass, fn.Pkg().Path()) && c.p.ImportObjectFact(fn, new(SideFact))
}

// sideServe reports whether the serve site s, on a goroutine of its own,
// serves a side server: its variable is set to an http.Server literal
// with a side handler, or to a side constructor's result.
func (c *checker) sideServe(s *site) bool {
	if s.key == nil || !c.onGoroutine(s.cur) {
		return false
	}
	v, ok := s.key.(*types.Var)
	if !ok || v.IsField() {
		return false
	}
	body := goroutine.FuncBody(astx.EnclosingFunc(s.cur))
	for enc := range s.cur.Enclosing((*ast.FuncDecl)(nil)) {
		body = goroutine.FuncBody(enc.Node()) // the variable's function: main, not the goroutine's literal
	}
	if body == nil {
		return false
	}
	rhs := c.onlyValue(v, body)
	return rhs != nil && c.sideServerExpr(rhs, body)
}
