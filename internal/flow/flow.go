// Package flow indexes how values reach the variables and struct fields
// of one package: every definition of a variable (assignments,
// declarations, range clauses, the parameters of a function literal
// called on the spot), the variables whose address is taken, and every
// store into a field (assignments and composite literals). It is
// syntax-only and type-directed, built once per package, and answers the
// questions rules ask of data: where can this value come from, is this
// variable assigned once, does any code of the package ever set this
// field.
package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// A Kind says how a definition binds its variable.
type Kind int

const (
	// Value: v = e, var v = e, v := e (Rhs is e).
	Value Kind = iota
	// Tuple: one result of a multi-valued expression (v, err := f());
	// Rhs is the expression, Index the result.
	Tuple
	// RangeKey and RangeValue: the key or value of a range clause; Rhs
	// is the ranged expression.
	RangeKey
	RangeValue
	// Arg: the parameter of a function literal called on the spot
	// (func(v T) {...}(e), go func(v T) {...}(e)); Rhs is the argument.
	Arg
	// Op: an assignment operation (v += e, v++); Rhs is e, or nil.
	Op
)

// A Def is one way a variable gets a value.
type Def struct {
	Kind  Kind
	Node  ast.Node // the statement or call that binds
	Rhs   ast.Expr
	Index int // the result of a Tuple
}

// A Store is a value put into a struct field: by an assignment (Base.f =
// Rhs) or by a composite literal (Lit, with Rhs its element for f).
type Store struct {
	Node ast.Node // the assignment, or the literal
	Base ast.Expr // the operand whose field is set; nil for a literal
	Lit  *ast.CompositeLit
	Rhs  ast.Expr
}

// An Index is the value flow of one package.
type Index struct {
	info   *types.Info
	defs   map[*types.Var][]Def
	addr   map[*types.Var]bool
	fields map[*types.Var][]Store
	elems  map[*types.Var][]ast.Expr // v[k] = e: the values put into v's elements
	lits   map[*types.TypeName][]*ast.CompositeLit
}

// NewIndex indexes files, checked with info.
func NewIndex(info *types.Info, files []*ast.File) *Index {
	x := emptyIndex(info)
	for _, f := range files {
		ast.Inspect(f, x.visit)
	}
	return x
}

func emptyIndex(info *types.Info) *Index {
	return &Index{
		info:   info,
		defs:   map[*types.Var][]Def{},
		addr:   map[*types.Var]bool{},
		fields: map[*types.Var][]Store{},
		elems:  map[*types.Var][]ast.Expr{},
		lits:   map[*types.TypeName][]*ast.CompositeLit{},
	}
}

// indexed are the nodes Index.visit records.
var indexed = []ast.Node{(*ast.AssignStmt)(nil), (*ast.IncDecStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}

func (x *Index) def(lhs ast.Expr, d Def) {
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if v, ok := x.info.ObjectOf(l).(*types.Var); ok {
			x.defs[v] = append(x.defs[v], d)
		}
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(l.X).(*ast.Ident); ok && d.Kind == Value {
			if v, ok := x.info.Uses[id].(*types.Var); ok {
				x.elems[v] = append(x.elems[v], d.Rhs)
			}
		}
	case *ast.SelectorExpr:
		if s := x.info.Selections[l]; s != nil && s.Kind() == types.FieldVal {
			if f, ok := s.Obj().(*types.Var); ok {
				st := Store{Node: d.Node, Base: l.X, Rhs: d.Rhs}
				if d.Kind == Tuple {
					st.Rhs = nil // one result of several: not an expression of its own
				}
				x.fields[f.Origin()] = append(x.fields[f.Origin()], st)
			}
		} else if v, ok := x.info.Uses[l.Sel].(*types.Var); ok { // pkg.V = e
			x.defs[v] = append(x.defs[v], d)
		}
	}
}

func (x *Index) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		switch {
		case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
			for i, l := range n.Lhs {
				x.def(l, Def{Kind: Op, Node: n, Rhs: n.Rhs[i]})
			}
		case len(n.Lhs) == len(n.Rhs):
			for i, l := range n.Lhs {
				x.def(l, Def{Kind: Value, Node: n, Rhs: n.Rhs[i]})
			}
		case len(n.Rhs) == 1:
			for i, l := range n.Lhs {
				x.def(l, Def{Kind: Tuple, Node: n, Rhs: n.Rhs[0], Index: i})
			}
		}
	case *ast.IncDecStmt:
		x.def(n.X, Def{Kind: Op, Node: n})
	case *ast.ValueSpec:
		for i, id := range n.Names {
			switch {
			case len(n.Values) == len(n.Names):
				x.def(id, Def{Kind: Value, Node: n, Rhs: n.Values[i]})
			case len(n.Values) == 1:
				x.def(id, Def{Kind: Tuple, Node: n, Rhs: n.Values[0], Index: i})
			}
		}
	case *ast.RangeStmt:
		if n.Key != nil {
			x.def(n.Key, Def{Kind: RangeKey, Node: n, Rhs: n.X})
		}
		if n.Value != nil {
			x.def(n.Value, Def{Kind: RangeValue, Node: n, Rhs: n.X})
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			if v := x.rootVar(n.X); v != nil {
				x.addr[v] = true
			}
		}
	case *ast.CallExpr:
		astx.LitArgs(n, func(id *ast.Ident, arg ast.Expr) {
			x.def(id, Def{Kind: Arg, Node: n, Rhs: arg})
		})
	case *ast.CompositeLit:
		x.literal(n)
	}
	return true
}

// literal records the field stores of a struct literal.
func (x *Index) literal(n *ast.CompositeLit) {
	t := x.info.TypeOf(n)
	if t == nil {
		return
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	if named, ok := types.Unalias(t).(*types.Named); ok {
		tn := named.Origin().Obj()
		x.lits[tn] = append(x.lits[tn], n)
	}
	for i, e := range n.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if f, ok := x.info.ObjectOf(id).(*types.Var); ok && f.IsField() {
					x.fields[f.Origin()] = append(x.fields[f.Origin()], Store{Node: n, Lit: n, Rhs: kv.Value})
				}
			}
		} else if i < st.NumFields() {
			f := st.Field(i).Origin()
			x.fields[f] = append(x.fields[f], Store{Node: n, Lit: n, Rhs: e})
		}
	}
}

// rootVar is the variable an operand is part of: x for x, x.f, x[i], *x.
func (x *Index) rootVar(e ast.Expr) *types.Var {
	p, ok := PathOf(x.info, e)
	if !ok {
		return nil
	}
	return p.Root
}

// Defs returns the definitions of v in the package, in source order.
func (x *Index) Defs(v *types.Var) []Def { return x.defs[v] }

// AddrTaken reports whether &v (or &v.f, &v[i]) appears in the package:
// v may then be set through a pointer.
func (x *Index) AddrTaken(v *types.Var) bool { return x.addr[v] }

// Once returns the value of a variable that is defined exactly once, by
// a single value, and never has its address taken: what it holds
// wherever it is read (after its definition).
func (x *Index) Once(v *types.Var) (ast.Expr, bool) {
	ds := x.defs[v]
	if len(ds) != 1 || x.addr[v] || ds[0].Kind != Value && ds[0].Kind != Arg {
		return nil, false
	}
	return ds[0].Rhs, true
}

// OnceLiteral returns the composite literal v is defined once by (v :=
// T{...} or v := &T{...}), or nil.
func (x *Index) OnceLiteral(v *types.Var) *ast.CompositeLit {
	rhs, ok := x.Once(v)
	if !ok {
		return nil
	}
	if u, ok := ast.Unparen(rhs).(*ast.UnaryExpr); ok && u.Op == token.AND {
		rhs = u.X
	}
	lit, _ := ast.Unparen(rhs).(*ast.CompositeLit)
	return lit
}

// FieldStores returns the stores into field f in the package, in every
// instance of its generic type (a field of handleTable[M] is one field,
// whatever M is where it is read).
func (x *Index) FieldStores(f *types.Var) []Store { return x.fields[f.Origin()] }

// ElemStores returns the values the package puts into the elements of v
// (v[k] = e).
func (x *Index) ElemStores(v *types.Var) []ast.Expr { return x.elems[v] }

// Literals returns the composite literals of the named struct type tn
// (T{...} and &T{...}) in the package.
func (x *Index) Literals(tn *types.TypeName) []*ast.CompositeLit { return x.lits[tn] }

// Sets reports whether a literal sets field f, by key or by position.
func Sets(info *types.Info, lit *ast.CompositeLit, f *types.Var) bool {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return len(lit.Elts) > 0 // positional: every field is set
		}
		if id, ok := kv.Key.(*ast.Ident); ok && info.ObjectOf(id) != nil && info.ObjectOf(id).(*types.Var).Origin() == f.Origin() {
			return true
		}
	}
	return false
}

// A Path names an operand by the variable it is part of and the steps
// from it: req.Items[i].Name is req with ".Items[].Name". Two operands
// with the same path may hold the same value; the elements of a slice
// share one step ("[]").
type Path struct {
	Root  *types.Var
	Steps string
}

// SamePath reports whether a and b denote the same variable or field
// path (x, s.items).
func SamePath(info *types.Info, a, b ast.Expr) bool {
	p, ok1 := PathOf(info, a)
	q, ok2 := PathOf(info, b)
	return ok1 && ok2 && p == q
}

// PathOf returns the path of e: a variable, or field selections, index
// expressions, dereferences and conversions of one. ok is false for
// anything else (a call's result, a literal).
func PathOf(info *types.Info, e ast.Expr) (Path, bool) {
	var steps []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.ObjectOf(x).(*types.Var)
			if !ok {
				return Path{}, false
			}
			return Path{Root: v, Steps: join(steps)}, true
		case *ast.SelectorExpr:
			s := info.Selections[x]
			if s == nil { // pkg.V
				v, ok := info.Uses[x.Sel].(*types.Var)
				if !ok {
					return Path{}, false
				}
				return Path{Root: v, Steps: join(steps)}, true
			}
			if s.Kind() != types.FieldVal {
				return Path{}, false
			}
			steps = append(steps, "."+x.Sel.Name)
			e = x.X
		case *ast.IndexExpr:
			if tv, ok := info.Types[x.X]; !ok || tv.IsType() {
				return Path{}, false // an instantiation
			}
			steps = append(steps, "[]")
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return Path{}, false
			}
			e = x.X
		default:
			return Path{}, false
		}
	}
}

func join(rev []string) string {
	var b strings.Builder
	for i := len(rev) - 1; i >= 0; i-- {
		b.WriteString(rev[i])
	}
	return b.String()
}

// Covers reports whether q is p or a part of it: a check of p (len(req),
// validate(req)) speaks for q (req.Items).
func (p Path) Covers(q Path) bool {
	if p.Root != q.Root || p.Root == nil {
		return false
	}
	if p.Steps == q.Steps {
		return true
	}
	return strings.HasPrefix(q.Steps, p.Steps) && (q.Steps[len(p.Steps)] == '.' || q.Steps[len(p.Steps)] == '[')
}

func (p Path) String() string {
	if p.Root == nil {
		return "?"
	}
	return p.Root.Name() + p.Steps
}
