package gorecover

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/flow"
)

// A check is a condition the function tests (an if, a loop condition, a
// switch, the left operand of && or ||) and the operands it mentions: a
// partial operation after it on one of them, or on a part of one, is
// guarded. Which test it makes is not read: a bounds check, a nil check,
// a comparison against an enum's count, a validation call the path
// depends on — a reviewer who sees the value checked before its use does
// not ask for a recover.
type check struct {
	pos   token.Pos
	lit   *ast.FuncLit // the innermost literal the check is in, if any
	paths []flow.Path
}

// collectCheck records the checks n makes.
func (e *env) collectCheck(n ast.Node) {
	switch n := n.(type) {
	case *ast.IfStmt:
		e.addCheck(n.Pos(), n.Init, n.Cond)
	case *ast.ForStmt:
		e.addCheck(n.Pos(), n.Cond)
	case *ast.SwitchStmt:
		e.addCheck(n.Pos(), n.Init, n.Tag)
	case *ast.CaseClause:
		for _, x := range n.List {
			e.addCheck(n.Pos(), x)
		}
	case *ast.BinaryExpr:
		if n.Op == token.LAND || n.Op == token.LOR {
			e.addCheck(n.Pos(), n.X)
		}
	}
}

// addCheck records the operands the nodes mention.
func (e *env) addCheck(pos token.Pos, nodes ...ast.Node) {
	var paths []flow.Path
	for _, n := range nodes {
		if n != nil {
			paths = e.mentions(paths, n, true)
		}
	}
	if len(paths) > 0 {
		e.checks = append(e.checks, check{pos: pos, lit: e.litAt(pos), paths: paths})
	}
}

// mentions adds the operands n mentions, and with deep what a variable
// it names stands for: the value its single definition gave it (n :=
// len(parts); ok := validate(req)), and the value of a comma-ok form (v,
// ok := m[k]: a test of ok is one of v). &v handed to a decoder or a
// binder (err := c.ShouldBindJSON(&req)) fills v: it is not a check of
// v.
func (e *env) mentions(paths []flow.Path, n ast.Node, deep bool) []flow.Path {
	info := e.d.pass.TypesInfo
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				return false // &v: handed over, not checked (a user's validate(&v) is a call of its own, below)
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && e.d.m.UserCode(fn.Pkg()) && apis.DataRole(fn) == 0 {
				for _, a := range n.Args {
					if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
						paths = e.mentions(paths, u.X, false)
					}
				}
			}
		case ast.Expr:
			paths = e.mention(paths, n, deep)
		}
		return true
	})
	return paths
}

// mention adds the path x names (see mentions).
func (e *env) mention(paths []flow.Path, x ast.Expr, deep bool) []flow.Path {
	switch x.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
	default:
		return paths
	}
	info := e.d.pass.TypesInfo
	p, ok := flow.PathOf(info, x)
	if !ok {
		return paths
	}
	paths = append(paths, p)
	if p.Steps != "" || !deep {
		return paths
	}
	defs := e.d.index.Defs(p.Root)
	for _, def := range defs {
		switch def.Kind {
		case flow.Value:
			if len(defs) == 1 {
				paths = e.stands(paths, def.Rhs)
			}
		case flow.Tuple:
			if def.Index > 0 && commaOK(info, def.Rhs) {
				if as, ok := def.Node.(*ast.AssignStmt); ok {
					paths = e.mentions(paths, as.Lhs[0], false)
				}
			}
		}
	}
	return paths
}

// stands adds what a variable defined as rhs stands for in a check: the
// operands a call was handed (n := len(parts), ok := validate(req), ok :=
// req.Valid()) or the operand rhs is. Not what they are part of: cp :=
// resp.Header.Get("Content-Type") is a check of the header, not of the
// body.
func (e *env) stands(paths []flow.Path, rhs ast.Expr) []flow.Path {
	info := e.d.pass.TypesInfo
	add := func(x ast.Expr) {
		if p, ok := flow.PathOf(info, x); ok {
			paths = append(paths, p)
		}
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		add(rhs)
		return paths
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
		add(sel.X)
	}
	for _, a := range call.Args {
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); !ok || u.Op != token.AND {
			add(a)
		}
	}
	return paths
}

// commaOK reports whether x is a map lookup, a type assertion or a
// receive: the forms whose second result says whether the first is there.
func commaOK(info *types.Info, x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.IndexExpr:
		_, isMap := flow.Underlying(info, x.X).(*types.Map)
		return isMap
	case *ast.TypeAssertExpr:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}

// guarded reports whether the function checks one of the operands of xs
// (or a whole they are part of) before pos.
func (e *env) guarded(pos token.Pos, xs ...ast.Expr) bool {
	var want []flow.Path
	for _, x := range xs {
		if x == nil {
			continue
		}
		ast.Inspect(x, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if y, ok := n.(ast.Expr); ok {
				if p, ok := flow.PathOf(e.d.pass.TypesInfo, y); ok {
					want = append(want, p)
				}
			}
			return true
		})
	}
	for _, c := range e.checks {
		// A check before pos, in the function or in the literal pos is
		// in: one in another goroutine's literal does not run first.
		if c.pos >= pos || c.lit != nil && (pos < c.lit.Pos() || pos >= c.lit.End()) {
			continue
		}
		for _, p := range c.paths {
			for _, q := range want {
				if p.Covers(q) {
					return true
				}
			}
		}
	}
	return false
}

// inRange reports whether idx is an index that something keeps in range
// of x: the key of a range clause, or a result of a call that was handed
// x (n, _ := r.Read(buf); buf[:n]).
func (e *env) inRange(x, idx ast.Expr) bool {
	info := e.d.pass.TypesInfo
	id, ok := ast.Unparen(idx).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	// Through copies: go func(i int) { results[i] = ... }(index), where
	// index is a range key.
	for range 4 {
		defs := e.d.index.Defs(v)
		if len(defs) != 1 || defs[0].Kind != flow.Arg && defs[0].Kind != flow.Value {
			break
		}
		src, ok := ast.Unparen(defs[0].Rhs).(*ast.Ident)
		if !ok {
			break
		}
		w, ok := info.Uses[src].(*types.Var)
		if !ok {
			break
		}
		v = w
	}
	xp, xok := flow.PathOf(info, x)
	for _, def := range e.d.index.Defs(v) {
		switch def.Kind {
		case flow.RangeKey:
			return true
		case flow.Value, flow.Tuple:
			call, ok := ast.Unparen(def.Rhs).(*ast.CallExpr)
			if !ok || !xok {
				return false
			}
			for _, a := range call.Args {
				if p, ok := flow.PathOf(info, a); ok && p.Covers(xp) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// litAt returns the innermost function literal of the unit around pos.
func (e *env) litAt(pos token.Pos) *ast.FuncLit {
	var in *ast.FuncLit
	for _, lit := range e.lits {
		if lit.Pos() <= pos && pos < lit.End() && (in == nil || lit.Pos() >= in.Pos()) {
			in = lit
		}
	}
	return in
}
