package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"math/bits"
	"slices"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// A Label says where a value's data comes from: bit i for the i-th
// parameter of the function being summarised (the receiver first), and
// Ext for data the program does not control, read in the function itself
// (a source: apis and sourceTypes). A value with no bit set is the
// program's own.
type Label uint64

const (
	Ext       Label = 1 << 63
	maxParams       = 62
)

func ParamBit(i int) Label {
	if i >= maxParams {
		return 0
	}
	return 1 << i
}

// An Env is what one function (a declaration, with the literals nested in
// it, or a literal at package level) knows of its values: each variable's
// Label, the variables that may hold nil because a lookup chose them by
// request data, and the checks it makes (guards).
type Env struct {
	r      *Result
	unit   ast.Node
	vars   map[*types.Var]Label
	params map[*types.Var]int
	typing map[*types.Var]bool // the variables Typed is deciding
	// building: those Built is deciding
	building map[*types.Var]bool
	nilVar   map[*types.Var]bool
	// read holds, while newEnv binds, the variables whose Label a bind of
	// the current round read; stale is set when one of them changes
	// after it was read.
	read  map[*types.Var]bool
	stale bool
}

// newEnv labels the variables of unit: its parameters with their bits
// (but the pooled request contexts and response writers, which are not
// data: their accessors are the sources), then every binding of the
// function, to a fixed point.
func (r *Result) newEnv(unit ast.Node) *Env {
	e := &Env{r: r, unit: unit, vars: map[*types.Var]Label{}, params: map[*types.Var]int{}, nilVar: map[*types.Var]bool{}}
	info := r.info
	i := 0
	param := func(id *ast.Ident) {
		if v, ok := info.Defs[id].(*types.Var); ok {
			e.params[v] = i
			switch {
			case apis.IsSourceType(v.Type()):
				e.vars[v] = Ext // the request: outside data whoever passes it
			case r.m.Table().Lookup(v.Type()) == nil && !goroutine.IsNamed(v.Type(), "net/http", "ResponseWriter"):
				e.vars[v] = ParamBit(i)
			}
		}
		i++
	}
	var ft *ast.FuncType
	switch u := unit.(type) {
	case *ast.FuncDecl:
		if u.Recv != nil {
			for _, f := range u.Recv.List {
				for _, id := range f.Names {
					param(id)
				}
				if len(f.Names) == 0 {
					i++
				}
			}
		}
		ft = u.Type
	case *ast.FuncLit:
		ft = u.Type
	}
	if ft != nil {
		for _, f := range ft.Params.List {
			for _, id := range f.Names {
				param(id)
			}
			if len(f.Names) == 0 {
				i++
			}
		}
	}
	var binds []ast.Node
	r.m.Inspect(unit, []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); !ok || r.mayFill(call) {
			binds = append(binds, n)
		}
		return true
	})
	// The variables of a source type declared in the unit — the
	// parameters of nested literals that are not called on the spot
	// (handlers, callbacks) among them: a request is a source wherever
	// it comes from.
	for _, v := range r.sourceVars() {
		if unit.Pos() <= v.Pos() && v.Pos() < unit.End() {
			e.vars[v] |= Ext
		}
	}
	// Another round only when a variable changed after a bind of this
	// one read it: else every bind saw the labels it would see again,
	// and the next round would change nothing (most functions: one
	// round, where two were run to find no change).
	e.read = map[*types.Var]bool{}
	for round := 0; round < 6; round++ {
		clear(e.read)
		e.stale = false
		changed := false
		for _, n := range binds {
			if e.bind(n) {
				changed = true
			}
		}
		if !changed || !e.stale {
			break
		}
	}
	e.read = nil
	return e
}

// sourceVars returns the variables of a source type the package declares
// (apis.IsSourceType), from one pass over its definitions.
func (r *Result) sourceVars() []*types.Var {
	if r.sourceVarsDone {
		return r.sourceVarList
	}
	for _, obj := range r.info.Defs {
		if v, ok := obj.(*types.Var); ok && apis.IsSourceType(v.Type()) {
			r.sourceVarList = append(r.sourceVarList, v)
		}
	}
	r.sourceVarsDone = true
	return r.sourceVarList
}

// set adds l to the Label of the variable lhs names (or of the local
// variable whose part it is: job.Data = body taints job). It reports a
// change.
func (e *Env) set(lhs ast.Expr, l Label) bool {
	if l == 0 {
		return false
	}
	p, ok := PathOf(e.r.info, lhs)
	if !ok || p.Root == nil {
		return false
	}
	if p.Steps != "" && !e.Local(p.Root) {
		return false // a field of a parameter or a package variable: the program's own store
	}
	if goroutine.IsPackageVar(p.Root) {
		return false
	}
	old := e.vars[p.Root]
	if old|l == old {
		return false
	}
	e.vars[p.Root] = old | l
	e.stale = e.stale || e.read[p.Root]
	return true
}

// local reports whether v is declared in the function, not a parameter.
func (e *Env) Local(v *types.Var) bool {
	_, isParam := e.params[v]
	return !isParam && e.unit.Pos() <= v.Pos() && v.Pos() < e.unit.End()
}

func (e *Env) bind(n ast.Node) bool {
	info := e.r.info
	changed := false
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, l := range n.Lhs {
				changed = e.set(l, e.Label(n.Rhs[i])) || changed
				e.markNil(l, n.Rhs[i])
			}
		} else if len(n.Rhs) == 1 {
			l := e.Label(n.Rhs[0])
			for _, lhs := range n.Lhs {
				changed = e.set(lhs, l) || changed
			}
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			switch {
			case len(n.Values) == len(n.Names):
				changed = e.set(id, e.Label(n.Values[i])) || changed
				e.markNil(id, n.Values[i])
			case len(n.Values) == 1:
				changed = e.set(id, e.Label(n.Values[0])) || changed
			}
		}
	case *ast.RangeStmt:
		// The elements of a source are a source; its indexes are not
		// chosen by anyone (they are in range of what is ranged over).
		l := e.Label(n.X)
		if _, isMap := Underlying(info, n.X).(*types.Map); isMap && n.Key != nil {
			changed = e.set(n.Key, l) || changed
		}
		if n.Value != nil {
			changed = e.set(n.Value, l) || changed
		}
	case *ast.CallExpr:
		if _, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
			astx.LitArgs(n, func(id *ast.Ident, arg ast.Expr) {
				changed = e.set(id, e.Label(arg)) || changed
			})
			return changed
		}
		changed = e.fill(n) || changed
	}
	return changed
}

// fill labels what a call writes through its pointer arguments: a
// binder's request data, rows scanned into interface values, a decoder of
// tainted input (json.Unmarshal(body, &v)), a function of the user's that
// fills a parameter with request data.
func (e *Env) fill(call *ast.CallExpr) bool {
	info := e.r.info
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return false
	}
	changed := false
	out := func(arg ast.Expr, l Label) {
		if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
			changed = e.set(u.X, l) || changed
		} else if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
			if _, isPtr := Underlying(info, id).(*types.Pointer); isPtr || types.IsInterface(info.TypeOf(id)) {
				changed = e.set(id, l) || changed
			}
		}
	}
	switch apis.DataRole(fn) {
	case apis.Bind:
		for _, a := range call.Args {
			out(a, Ext)
		}
		return changed
	case apis.ScanAny:
		for _, a := range call.Args {
			if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND && types.IsInterface(info.TypeOf(u.X)) {
				out(a, Ext)
			}
		}
		return changed
	case apis.Own, apis.Partial:
		return false
	}
	if e.r.m.UserCode(fn.Pkg()) {
		if f := e.r.Fact(fn); f != nil && f.Fills != 0 {
			for j, a := range e.r.Args(call, fn) {
				if f.Fills&ParamBit(j) != 0 {
					out(a, Ext)
				}
			}
		}
		return changed
	}
	var in Label
	for _, a := range e.r.Args(call, fn) {
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); !ok || u.Op != token.AND {
			in |= e.Label(a)
		}
	}
	if in != 0 {
		for _, a := range call.Args {
			out(a, in)
		}
	}
	return changed
}

// mayFill reports whether bind can label anything at call: it calls a
// literal (whose parameters it binds), or one of its operands is an
// address (&v) or a pointer or interface variable, the only operands fill
// writes through. The others are bound in vain in every round.
func (r *Result) mayFill(call *ast.CallExpr) bool {
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return true
	}
	writable := func(a ast.Expr) bool {
		switch a := ast.Unparen(a).(type) {
		case *ast.UnaryExpr:
			return a.Op == token.AND
		case *ast.Ident:
			_, isPtr := Underlying(r.info, a).(*types.Pointer)
			t := r.info.TypeOf(a) // nil for an undefined name (ill-typed code)
			return isPtr || t != nil && types.IsInterface(t)
		}
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && writable(sel.X) {
		return true
	}
	return slices.ContainsFunc(call.Args, writable)
}

// args returns the operands of a call of fn in parameter order: the
// receiver first for a method.
func (r *Result) Args(call *ast.CallExpr, fn *types.Func) []ast.Expr {
	var out []ast.Expr
	if fn.Signature().Recv() != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && r.info.Selections[sel] != nil {
			out = append(out, sel.X)
		} else {
			out = append(out, nil) // a method expression: T.M(x, ...)
		}
	}
	return append(out, call.Args...)
}

// markNil records that lhs may hold nil because rhs looked it up with a
// key the request chose (h := handlers[c.Query("kind")]), or is the
// result of a function of the user's that can return nil, called with
// request data.
func (e *Env) markNil(lhs, rhs ast.Expr) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := e.r.info.ObjectOf(id).(*types.Var)
	if ok && e.MayBeNil(rhs) != 0 {
		e.nilVar[v] = true
	}
}

// mayBeNil returns the Label of what chose a possibly nil value: a map
// lookup by a request key of a nilable element, or a call of the user's
// that can return nil given request data. 0 if x is not one.
func (e *Env) MayBeNil(x ast.Expr) Label {
	info := e.r.info
	switch x := ast.Unparen(x).(type) {
	case *ast.IndexExpr:
		if m, ok := Underlying(info, x.X).(*types.Map); ok && nilable(m.Elem()) && !e.keyOf(x.Index, x.X) {
			return e.Label(x.Index)
		}
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		if fn == nil || !e.r.m.UserCode(fn.Pkg()) {
			return 0
		}
		if f := e.r.Fact(fn); f != nil && f.ResultNil {
			var l Label
			for _, a := range e.r.Args(x, fn) {
				if a != nil {
					l |= e.Label(a)
				}
			}
			return l
		}
	}
	return 0
}

// keyOf reports whether k is the key of a range over the map m (for k :=
// range m { m[k] }): a lookup that finds what the map holds.
func (e *Env) keyOf(k, m ast.Expr) bool {
	id, ok := ast.Unparen(k).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := e.r.info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	defs := e.r.index.Defs(v)
	return len(defs) == 1 && defs[0].Kind == RangeKey && SamePath(e.r.info, defs[0].Rhs, m)
}

// ownInterface reports whether fn, a function of a dependency or the
// standard library that no table names a source, returns one of its own
// package's interfaces with methods (gorm/gen's Where returns gen.Dao):
// values of its implementations, its choice — not a value decoded into
// an any, nor one a cache hands back.
func ownInterface(fn *types.Func) bool {
	res := fn.Signature().Results()
	if res.Len() == 0 || apis.DataRole(fn) != 0 {
		return false
	}
	named, ok := types.Unalias(res.At(0).Type()).(*types.Named)
	if !ok || named.Obj().Pkg() != fn.Pkg() {
		return false
	}
	iface, ok := named.Underlying().(*types.Interface)
	return ok && iface.NumMethods() > 0
}

func isTuple(t types.Type) bool {
	_, ok := t.(*types.Tuple)
	return ok
}

func nilable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature:
		return true
	}
	return false
}

func Underlying(info *types.Info, x ast.Expr) types.Type {
	t := info.TypeOf(x)
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// Label returns where x's data comes from.
func (e *Env) Label(x ast.Expr) Label {
	info := e.r.info
	if tv, ok := info.Types[x]; ok && (tv.Value != nil || tv.IsType() || tv.IsNil()) {
		return 0
	}
	var l Label
	if t := info.TypeOf(x); t != nil && apis.IsSourceType(t) {
		l = Ext
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok {
			if e.read != nil {
				e.read[v] = true
			}
			return l | e.vars[v]
		}
	case *ast.SelectorExpr:
		if info.Selections[x] == nil {
			return l // pkg.V: the program's own
		}
		return l | e.Label(x.X)
	case *ast.IndexExpr:
		return l | e.Label(x.X)
	case *ast.SliceExpr:
		return l | e.Label(x.X)
	case *ast.StarExpr:
		return l | e.Label(x.X)
	case *ast.UnaryExpr:
		return l | e.Label(x.X)
	case *ast.BinaryExpr:
		return l | e.Label(x.X) | e.Label(x.Y)
	case *ast.TypeAssertExpr:
		return l | e.Label(x.X)
	case *ast.CompositeLit:
		for _, elt := range x.Elts {
			l |= e.Label(elt)
		}
		return l
	case *ast.KeyValueExpr:
		return l | e.Label(x.Value)
	case *ast.CallExpr:
		return l | e.call(x)
	}
	return l
}

// call returns the Label of a call's result.
func (e *Env) call(call *ast.CallExpr) Label {
	info := e.r.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return e.Label(call.Args[0]) // a conversion
		}
		return 0
	}
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		switch fn.Name() {
		case "len", "cap", "append", "min", "max", "string", "real", "imag":
			var l Label
			for _, a := range call.Args {
				l |= e.Label(a)
			}
			return l
		}
		return 0
	case *types.Func:
		switch apis.DataRole(fn) {
		case apis.Source:
			return Ext
		case apis.Own, apis.Bind, apis.ScanAny:
			return 0
		}
		if e.r.m.UserCode(fn.Pkg()) {
			return e.userResult(call, fn)
		}
	}
	// A function of the standard library or a dependency, or a function
	// value: what it returns is made of what it was given.
	var l Label
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
		l |= e.Label(sel.X)
	}
	for _, a := range call.Args {
		l |= e.Label(a)
	}
	return l
}

// userResult is the Label of the result of a call of fn, a function (or
// an interface method, through its visible implementations) of the user's
// code, by its fact.
func (e *Env) userResult(call *ast.CallExpr, fn *types.Func) Label {
	var l Label
	for _, impl := range e.r.Impls(fn) {
		f := e.r.Fact(impl)
		if f == nil {
			continue
		}
		if f.ResultExt {
			l |= Ext
		}
		for j, a := range e.r.Args(call, fn) {
			if a != nil && f.ResultFrom&ParamBit(j) != 0 {
				l |= e.Label(a)
			}
		}
	}
	return l
}

// impls returns fn, or the implementations of an interface method of the
// user's that the package sees.
func (r *Result) Impls(fn *types.Func) []*types.Func {
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return r.m.Implementations(fn)
	}
	return []*types.Func{fn.Origin()}
}

// Unit returns the function the environment is of.
func (e *Env) Unit() ast.Node { return e.unit }

// IsNil reports whether v may hold nil because a lookup chose it by
// outside data (see MayBeNil).
func (e *Env) IsNil(v *types.Var) bool { return e.nilVar[v] }

// Result returns the package's value flow the environment is part of.
func (e *Env) Result() *Result { return e.r }

// Built reports whether x is a container the program builds itself, so
// that its length is the program's choice whatever its elements hold: a
// literal, make, an append to such a value, the result of a function of
// the user's that builds its result (Fact.ResultBuilt), a local variable
// every definition of which is one, or the field of a local variable
// that a literal set to one (req := Request{Messages: build(m)};
// req.Messages).
func (e *Env) Built(x ast.Expr) bool { return e.built(x, 0) }

func (e *Env) built(x ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	info := e.r.info
	if tv, ok := info.Types[x]; ok && tv.IsNil() {
		return true // the program chose no elements (return nil, err)
	}
	if t := Underlying(info, x); t != nil {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem().Underlying()
		}
		if _, ok := t.(*types.Array); ok {
			return true // its type fixes its length (sha256.Sum256's digest)
		}
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.SliceExpr:
		// digest[:]: as long as the array, or as its constant bounds say.
		if t := Underlying(info, x.X); t != nil {
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem().Underlying()
			}
			if _, ok := t.(*types.Array); ok {
				for _, b := range []ast.Expr{x.Low, x.High, x.Max} {
					if tv, ok := info.Types[b]; b != nil && (!ok || tv.Value == nil) {
						return false
					}
				}
				return true
			}
		}
	case *ast.CallExpr:
		switch fn := typeutil.Callee(info, x).(type) {
		case *types.Builtin:
			switch fn.Name() {
			case "make":
				return true
			case "append":
				return len(x.Args) > 0 && !x.Ellipsis.IsValid() && e.built(x.Args[0], depth+1)
			}
		case *types.Func:
			if e.r.m.UserCode(fn.Pkg()) {
				args := e.r.Args(x, fn)
				for _, impl := range e.r.Impls(fn) {
					f := e.r.Fact(impl)
					if f == nil || !f.ResultBuilt {
						return false
					}
					for l := f.BuiltFrom; l != 0; l &= l - 1 {
						j := bits.TrailingZeros64(uint64(l))
						if j >= len(args) || args[j] == nil || !e.built(args[j], depth+1) {
							return false
						}
					}
				}
				return true
			}
			if apis.DataRole(fn) == apis.Encodes {
				for _, a := range x.Args {
					if !e.built(a, depth+1) {
						return false
					}
				}
				return len(x.Args) > 0
			}
		}
	case *ast.Ident:
		v, defs := e.localDefs(x)
		if v == nil {
			return false
		}
		if e.building[v] {
			return true // xs = filter(xs): decided by the other definitions
		}
		if e.building == nil {
			e.building = map[*types.Var]bool{}
		}
		e.building[v] = true
		defer delete(e.building, v)
		for _, d := range defs {
			if d.Kind == Tuple && d.Index == 0 {
				// xs, err := f(): as f's first result.
				if _, ok := ast.Unparen(d.Rhs).(*ast.CallExpr); !ok || !e.built(d.Rhs, depth+1) {
					return false
				}
				continue
			}
			if d.Kind != Value || ast.Unparen(d.Rhs) == ast.Unparen(x) {
				return false
			}
			if id, ok := ast.Unparen(d.Rhs).(*ast.CallExpr); ok {
				if b, ok := typeutil.Callee(info, id).(*types.Builtin); ok && b.Name() == "append" && len(id.Args) > 0 {
					if a, ok := ast.Unparen(id.Args[0]).(*ast.Ident); ok && info.Uses[a] == v {
						if id.Ellipsis.IsValid() {
							return false // append(v, more...): as long as more
						}
						continue // v = append(v, elem)
					}
				}
			}
			if !e.built(d.Rhs, depth+1) {
				return false
			}
		}
		return len(defs) > 0
	case *ast.SelectorExpr:
		root, ok := ast.Unparen(x.X).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.Uses[root].(*types.Var)
		if !ok || !e.Local(v) {
			return false
		}
		lit := e.r.index.OnceLiteral(v)
		if lit == nil {
			return false
		}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == x.Sel.Name {
					return e.built(kv.Value, depth+1)
				}
			}
		}
	}
	return false
}

// Typed reports whether the program chose the dynamic type of x, an
// interface value (or of its elements, for a container): a value of a
// concrete type, nil, the result of a function of the user's that returns
// only such values (Fact.ResultTyped), a local variable every definition
// of which is one, or an element of a container the function made with a
// literal or make and filled only with such values. Who chose the type —
// not where the data came from — decides whether an assertion can fail.
func (e *Env) Typed(x ast.Expr) bool { return e.typed(x, 0) }

func (e *Env) typed(x ast.Expr, depth int) bool {
	info := e.r.info
	if depth > 4 {
		return false
	}
	if tv, ok := info.Types[x]; ok && (tv.IsNil() || tv.Type != nil && !types.IsInterface(tv.Type) && !isTuple(tv.Type)) {
		return true // (a call's results, v, ok := m.Load(k), are judged by its callee)
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, x).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		if res := fn.Signature().Results(); res.Len() > 0 && !types.IsInterface(res.At(0).Type()) {
			return true // (return f(), f's first result of a concrete type)
		}
		if !e.r.m.UserCode(fn.Pkg()) {
			return ownInterface(fn)
		}
		args := e.r.Args(x, fn)
		for _, impl := range e.r.Impls(fn) {
			f := e.r.Fact(impl)
			if f == nil || !f.ResultTyped {
				return false
			}
			for l := f.TypedFrom; l != 0; l &= l - 1 {
				j := bits.TrailingZeros64(uint64(l))
				if j >= len(args) || args[j] == nil || !e.typed(args[j], depth+1) {
					return false
				}
			}
		}
		return true
	case *ast.IndexExpr:
		return e.typedContainer(x.X, depth)
	case *ast.Ident:
		v, defs := e.localDefs(x)
		if v == nil {
			return false
		}
		// A definition through itself (body, err = shape(body)) is
		// decided by the others.
		if e.typing[v] {
			return true
		}
		if e.typing == nil {
			e.typing = map[*types.Var]bool{}
		}
		e.typing[v] = true
		defer delete(e.typing, v)
		for _, d := range defs {
			switch {
			case d.Kind == Value:
				if !e.typed(d.Rhs, depth+1) {
					return false
				}
			case d.Kind == Tuple && d.Index == 0:
				if _, ok := ast.Unparen(d.Rhs).(*ast.CallExpr); !ok || !e.typed(d.Rhs, depth+1) {
					return false
				}
			default:
				return false
			}
		}
		return len(defs) > 0
	}
	return false
}

// typedContainer reports whether x is a local map or slice the function
// made with a literal or make, whose elements (in the literal and in
// every x[k] = v) are all Typed.
func (e *Env) typedContainer(x ast.Expr, depth int) bool {
	info := e.r.info
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	v, defs := e.localDefs(id)
	if v == nil || len(defs) == 0 {
		return false
	}
	for _, elt := range e.r.index.ElemStores(v) {
		if !e.typed(elt, depth+1) {
			return false
		}
	}
	for _, d := range defs {
		if d.Kind != Value {
			return false
		}
		switch rhs := ast.Unparen(d.Rhs).(type) {
		case *ast.CompositeLit:
			for _, elt := range rhs.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				if !e.typed(elt, depth+1) {
					return false
				}
			}
		case *ast.CallExpr:
			if b, ok := typeutil.Callee(info, rhs).(*types.Builtin); !ok || b.Name() != "make" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// localDefs returns the local variable id names and its definitions, or
// nil.
func (e *Env) localDefs(id *ast.Ident) (*types.Var, []Def) {
	v, ok := e.r.info.Uses[id].(*types.Var)
	if !ok || !e.Local(v) {
		return nil, nil
	}
	return v, e.r.index.Defs(v)
}
