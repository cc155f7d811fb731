package goexit

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/typesx"
)

// chanUse is how a function uses one of its local channel variables.
type chanUse struct {
	v        *types.Var
	make     *ast.CallExpr // the make that created it, if any
	def      ast.Node      // the statement that declares it
	buffered bool
	// recvs are the places the function receives from it: a receive or
	// range, the select case whose comm receives, or the loop around a
	// plain receive (a loop that receives is taken to receive everything
	// sent, as in a fan-in `for range n { <-ch }`).
	recvs []ast.Node
	// closed: close(v) anywhere, the goroutine included. closes are the
	// close(v) statements of the function itself (not deferred, not in a
	// literal); deferClosed: a deferred close(v) of the function;
	// closedElsewhere: a close in a function literal.
	closed          bool
	closes          []ast.Node
	deferClosed     bool
	closedElsewhere bool
	// otherRecvs are receives from v in other function literals (another
	// goroutine, the only one that may receive); they make the channel's
	// use unknown to every check but the one that looks at them.
	otherRecvs []inspector.Cursor
	// otherSends: another literal sends on v.
	otherSends bool
	// escapes: v is used in a way we cannot follow (passed to a function,
	// stored, reassigned, received or used in another function literal),
	// so someone else may receive from it or close it.
	escapes bool
	// sends: the function itself, or another literal, sends on v.
	sends   bool
	returns int // return v statements
}

// chanOf describes how fn uses its local variable v. sender, if not nil,
// is the launch whose goroutine uses v: its uses are its own business;
// from is where the paths of interest start (a loop around it is not a
// receive of what comes after it). It returns nil if v is not declared in
// fn's body (outside the sender).
func (c *checker) chanOf(fn ast.Node, v *types.Var, sender *goroutine.Launch, from ast.Node) *chanUse {
	info := c.p.TypesInfo
	body := goroutine.FuncBody(fn)
	if body == nil || v == nil || !(body.Pos() <= v.Pos() && v.Pos() < body.End()) {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Chan); !ok {
		return nil
	}
	var lit *ast.FuncLit
	if sender != nil {
		lit = sender.Lit
		if lit != nil && lit.Pos() <= v.Pos() && v.Pos() < lit.End() {
			return nil
		}
	}
	fnCur, ok := c.p.Inspector().Root().FindNode(fn)
	if !ok {
		return nil
	}
	u := &chanUse{v: v}
	for ic := range fnCur.Preorder((*ast.Ident)(nil)) {
		id := ic.Node().(*ast.Ident)
		if info.Defs[id] == v {
			u.def, u.make = c.definition(ic)
			if u.def == nil {
				u.escapes = true
			}
			continue
		}
		if info.Uses[id] != v {
			continue
		}
		parent := ic.Parent().Node()
		if call, ok := parent.(*ast.CallExpr); ok && isBuiltin(info, call, "close") {
			u.closed = true
			stmt := ic.Parent().Parent()
			switch stmt.Node().(type) {
			case *ast.DeferStmt:
				u.deferClosed = true
			case *ast.ExprStmt:
				if !inOtherLit(ic, fnCur) && (lit == nil || !(lit.Pos() <= id.Pos() && id.Pos() < lit.End())) {
					u.closes = append(u.closes, stmt.Node())
				} else {
					u.closedElsewhere = true
				}
			default:
				u.closedElsewhere = true
			}
			continue
		}
		if lit != nil && lit.Pos() <= id.Pos() && id.Pos() < lit.End() {
			continue // the goroutine's own use
		}
		if inOtherLit(ic, fnCur) {
			if s, ok := parent.(*ast.SendStmt); ok && s.Chan == id {
				u.sends = true
				u.otherSends = true
			} else if r, ok := parent.(*ast.UnaryExpr); ok && r.Op == token.ARROW {
				u.otherRecvs = append(u.otherRecvs, ic.Parent())
			} else {
				u.escapes = true
			}
			continue
		}
		switch p := parent.(type) {
		case *ast.UnaryExpr:
			if p.Op == token.ARROW {
				u.recvs = append(u.recvs, c.recvPoint(ic.Parent(), fnCur, from))
				continue
			}
		case *ast.RangeStmt:
			if p.X == id {
				u.recvs = append(u.recvs, p)
				continue
			}
		case *ast.SendStmt:
			if p.Chan == id {
				u.sends = true
				continue
			}
		case *ast.CallExpr:
			if isBuiltin(info, p, "len") || isBuiltin(info, p, "cap") {
				continue
			}
			if sender != nil && sender.Call == p && p.Fun != id {
				continue // go worker(ch): the goroutine's own use
			}
		case *ast.ReturnStmt:
			u.returns++
			continue
		}
		u.escapes = true
	}
	if u.def == nil {
		return nil
	}
	if u.make != nil && len(u.make.Args) > 1 {
		tv := info.Types[u.make.Args[1]]
		u.buffered = tv.Value == nil || tv.Value.String() != "0"
	}
	return u
}

// unknown reports whether someone the function does not show may receive
// from the channel or close it.
func (u *chanUse) unknown() bool { return u.escapes || len(u.otherRecvs) > 0 }

// definition returns the statement that declares the variable at ic and
// the make call it is set to, if it is one.
func (c *checker) definition(ic inspector.Cursor) (ast.Node, *ast.CallExpr) {
	id := ic.Node().(*ast.Ident)
	var rhs ast.Expr
	switch p := ic.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for i, l := range p.Lhs {
				if l == id {
					rhs = p.Rhs[i]
				}
			}
		}
		if rhs == nil {
			return nil, nil
		}
		return p, c.makeChan(rhs)
	case *ast.ValueSpec:
		for i, n := range p.Names {
			if n == id && i < len(p.Values) {
				rhs = p.Values[i]
			}
		}
		if rhs == nil {
			return nil, nil // var ch chan T: nil until assigned, which we do not follow
		}
		return p, c.makeChan(rhs)
	}
	return nil, nil
}

func (c *checker) makeChan(e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || !isBuiltin(c.p.TypesInfo, call, "make") || len(call.Args) == 0 {
		return nil
	}
	if _, ok := typesx.Underlying(c.p.TypesInfo, call.Args[0]).(*types.Chan); !ok {
		return nil
	}
	return call
}

// recvPoint returns where a receive (the unary expression at rc) happens
// for ReturnAvoiding: its select case, if it is one's comm; else the
// outermost loop around it that does not hold the launch; else itself.
func (c *checker) recvPoint(rc, fnCur inspector.Cursor, from ast.Node) ast.Node {
	n := rc
	for {
		if _, ok := n.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		n = n.Parent()
	}
	stmt := n.Parent()
	if cc, ok := stmt.Parent().Node().(*ast.CommClause); ok && cc.Comm == stmt.Node() {
		return cc
	}
	var loop ast.Node
	for enc := range rc.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		if _, ok := enc.Node().(*ast.FuncLit); ok || enc == fnCur {
			break
		}
		if _, ok := enc.Node().(*ast.FuncDecl); ok {
			break
		}
		if enc.Node().Pos() <= from.Pos() && from.Pos() < enc.Node().End() {
			break
		}
		loop = enc.Node()
	}
	if loop != nil {
		return loop
	}
	return rc.Node()
}

// inOtherLit reports whether the node at ic is inside a function literal
// nested in the function at fnCur.
func inOtherLit(ic, fnCur inspector.Cursor) bool {
	for enc := range ic.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		return enc != fnCur
	}
	return false
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
