package ctxcancel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A carrier is a struct value that holds a context in a field: a
// request-scoped struct (HTTPRequest{Context: r.Context()}) or one that
// embeds context.Context. The tracker follows such values through local
// variables and parameters, so that a goroutine reading req.Context (or
// handed req where a context is expected, through the embedded field) is
// judged by the context the field holds (issue 24).
//
// Like the rest of the tracker it is flow-insensitive: a field counts as
// holding a source if any binding in the function gives it one.

// contextFields returns the fields of t (a struct or a pointer to one)
// that can hold a context and that code of pkg can read: http.Request's
// unexported ctx is net/http's business, read through r.Context().
func contextFields(t types.Type, pkg *types.Package) []*types.Var {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []*types.Var
	for f := range st.Fields() {
		if isContextType(f.Type()) && (f.Exported() || f.Pkg() == pkg) {
			out = append(out, f)
		}
	}
	return out
}

// carry records that field f of v holds s; it reports whether that is
// new.
func (t *tracker) carry(v types.Object, f *types.Var, s *source) bool {
	if s == nil || t.fields[v][f] != nil {
		return false
	}
	if t.fields[v] == nil {
		t.fields[v] = map[*types.Var]*source{}
	}
	t.fields[v][f] = s
	return true
}

// bindCarrier follows a binding of a carrier variable: v := T{F: ctx},
// v := &T{ctx, ...}, v := w (another carrier). It reports whether a field
// gained a source.
func (t *tracker) bindCarrier(v types.Object, rhs ast.Expr) bool {
	changed := false
	for f, s := range t.literalFields(rhs) {
		changed = t.carry(v, f, s) || changed
	}
	if id, ok := ast.Unparen(rhs).(*ast.Ident); ok {
		for f, s := range t.fields[t.c.p.TypesInfo.Uses[id]] {
			changed = t.carry(v, f, s) || changed
		}
	}
	return changed
}

// literalFields returns the context fields a composite literal (or its
// address) sets to a tracked context.
func (t *tracker) literalFields(e ast.Expr) map[*types.Var]*source {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	info := t.c.p.TypesInfo
	st, ok := typeUnder(info.TypeOf(lit)).(*types.Struct)
	if !ok {
		return nil
	}
	var out map[*types.Var]*source
	for i, elt := range lit.Elts {
		var f *types.Var
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, _ := kv.Key.(*ast.Ident)
			if id == nil {
				continue
			}
			f, _ = info.Uses[id].(*types.Var)
			val = kv.Value
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil || !isContextType(f.Type()) {
			continue
		}
		if s := t.sourceOf(val); s != nil {
			if out == nil {
				out = map[*types.Var]*source{}
			}
			out[f] = s
		}
	}
	return out
}

// fieldStores follows assignments to a carrier's field: req.Ctx = ctx.
func (t *tracker) fieldStores() bool {
	changed := false
	for _, st := range t.c.fieldStoresOf(t.fn) {
		changed = t.carry(st.v, st.f, t.sourceOf(st.rhs)) || changed
	}
	return changed
}

// fieldOf returns the local variable and the context field e selects
// (req.Context, req.ctx), or nils.
func (t *tracker) fieldOf(e ast.Expr) (types.Object, *types.Var) {
	return fieldOf(t.c.p.TypesInfo, e)
}

func fieldOf(info *types.Info, e ast.Expr) (types.Object, *types.Var) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
		return nil, nil
	}
	f, _ := s.Obj().(*types.Var)
	if f == nil || !isContextType(f.Type()) {
		return nil, nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return nil, nil
	}
	return v, f
}

// fieldSource returns the source of req.F, or of req itself used as a
// context through an embedded context field.
func (t *tracker) fieldSource(e ast.Expr) *source {
	if v, f := t.fieldOf(e); v != nil {
		return t.fields[v][f]
	}
	return nil
}

// embeddedSource returns the source of a carrier variable that is itself
// a context through an embedded context.Context field.
func (t *tracker) embeddedSource(v types.Object) *source {
	for f, s := range t.fields[v] {
		if f.Embedded() {
			return s
		}
	}
	return nil
}

// carrierArg returns the source that field (by name) of a carrier
// argument holds: a tracked variable or a literal.
func (t *tracker) carrierArg(arg ast.Expr, field string) *source {
	for f, s := range t.literalFields(arg) {
		if f.Name() == field {
			return s
		}
	}
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
		for f, s := range t.fields[t.c.p.TypesInfo.Uses[id]] {
			if f.Name() == field {
				return s
			}
		}
	}
	return nil
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.Underlying()
}
