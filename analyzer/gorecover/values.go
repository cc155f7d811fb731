package gorecover

import (
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// visible is what a package's own code shows about the values that reach
// two places scan would otherwise count as reasons: the parameters of its
// functions (an index that every caller passes a constant for) and its
// func-typed struct fields (a field the package fills with its own
// functions is not a hook). Built on first use: most packages need
// neither.
type visible struct {
	info *types.Info
	pkg  *types.Package
	// calls are the static calls of the package's functions, by callee;
	// uses counts every mention of their names. A function whose uses
	// are all calls has no caller the package cannot see, but for the
	// other packages that may call it when it is exported.
	calls map[*types.Func][]*ast.CallExpr
	uses  map[*types.Func]int
	// params maps the parameters of the package's declared functions to
	// their function and position; reassigned lists the variables the
	// package assigns after their declaration, or whose address it takes.
	params     map[*types.Var]paramOf
	reassigned map[types.Object]bool
	// fields are the values the package's non-test code stores in its
	// own func-typed fields (x.f = v, T{f: v}); opaque the fields it
	// stores into in a way not followed (&x.f, a, b = f()).
	fields map[*types.Var][]ast.Expr
	opaque map[*types.Var]bool
	// bodies are the bodies of the package's declared functions, and
	// lits the function literals local variables are defined with
	// (f := func(...) {...}): the factories a stored value may come from.
	bodies map[*types.Func]*ast.BlockStmt
	lits   map[types.Object]*ast.FuncLit
	// ifaceMethods are the method names of the interfaces of the package
	// and of those it imports: a method of one of those names may be
	// called through an interface, out of sight of calls.
	ifaceMethods map[string]bool
}

type paramOf struct {
	fn *types.Func
	i  int
}

func newVisible(pass *analysis.Pass, insp *inspector.Inspector, m *goroutine.Model) *visible {
	info := pass.TypesInfo
	v := &visible{
		info:       info,
		pkg:        pass.Pkg,
		calls:      map[*types.Func][]*ast.CallExpr{},
		uses:       map[*types.Func]int{},
		params:     map[*types.Var]paramOf{},
		reassigned: map[types.Object]bool{},
		fields:     map[*types.Var][]ast.Expr{},
		opaque:     map[*types.Var]bool{},
		bodies:     map[*types.Func]*ast.BlockStmt{},
		lits:       map[types.Object]*ast.FuncLit{},
	}
	for _, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pass.Pkg {
			v.uses[fn.Origin()]++
		}
	}
	for _, fd := range m.FuncDecls() {
		v.bodies[fd.Obj] = fd.Decl.Body
		params := fd.Obj.Type().(*types.Signature).Params()
		for i := range params.Len() {
			v.params[params.At(i)] = paramOf{fd.Obj, i}
		}
	}
	inTest := func(n ast.Node) bool {
		return astx.InTestFile(pass.Fset, n.Pos())
	}
	store := func(lhs, rhs ast.Expr, test bool) {
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			if obj := info.Uses[l]; obj != nil {
				v.reassigned[obj] = true
			}
		case *ast.SelectorExpr:
			// A test replacing a hook (a seam) does not make it one.
			if f := v.funcField(l.Sel); f != nil && !test {
				if rhs == nil {
					v.opaque[f] = true
				} else {
					v.fields[f] = append(v.fields[f], rhs)
				}
			}
		}
	}
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.IncDecStmt)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.CompositeLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			if fn := v.calledName(n); fn != nil {
				v.calls[fn] = append(v.calls[fn], n)
			}
		case *ast.AssignStmt:
			test := inTest(n)
			for i, l := range n.Lhs {
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				store(l, rhs, test)
				if id, ok := l.(*ast.Ident); ok && n.Tok == token.DEFINE && rhs != nil {
					if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok && info.Defs[id] != nil {
						v.lits[info.Defs[id]] = lit
					}
				}
			}
		case *ast.IncDecStmt:
			store(n.X, nil, inTest(n))
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						store(e, nil, inTest(n))
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				store(n.X, nil, inTest(n))
			}
		case *ast.CompositeLit:
			if inTest(n) {
				continue
			}
			t := info.TypeOf(n)
			if t == nil {
				continue // untyped: the package has errors
			}
			st, ok := t.Underlying().(*types.Struct)
			if !ok {
				continue
			}
			for i, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if f := v.funcField(id); f != nil {
							v.fields[f] = append(v.fields[f], kv.Value)
						}
					}
				} else if i < st.NumFields() {
					if f := st.Field(i); f.Pkg() == pass.Pkg && isFunc(f.Type()) {
						v.fields[f.Origin()] = append(v.fields[f.Origin()], e)
					}
				}
			}
		}
	}
	return v
}

// calledName returns the function of this package call names directly
// (f(x), x.m(y), pkg.F(z) are not this package's), or nil. A method
// expression (T.m(x, y)) shifts the arguments: not one.
func (v *visible) calledName(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if s := v.info.Selections[f]; s != nil && s.Kind() == types.MethodExpr {
			return nil
		}
		id = f.Sel
	}
	if id == nil {
		return nil
	}
	if fn, ok := v.info.Uses[id].(*types.Func); ok && fn.Pkg() == v.pkg {
		return fn.Origin()
	}
	return nil
}

// funcField returns the func-typed field of a struct of this package id
// names, or nil.
func (v *visible) funcField(id *ast.Ident) *types.Var {
	f, ok := v.info.Uses[id].(*types.Var)
	if !ok || !f.IsField() || f.Pkg() != v.pkg || !isFunc(f.Type()) {
		return nil
	}
	return f.Origin()
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// allCalls returns every call of fn if the package sees them all: each
// mention of fn is a call, there is one at least, and fn is not a method
// an interface of the package or of its imports declares (a call through
// the interface would not be seen). Calls from other packages of an
// exported fn are the caller's to judge, and so are calls through an
// interface declared in a package that imports this one.
func (v *visible) allCalls(fn *types.Func) ([]*ast.CallExpr, bool) {
	fn = fn.Origin()
	calls := v.calls[fn]
	if len(calls) == 0 || len(calls) != v.uses[fn] {
		return nil, false
	}
	if fn.Type().(*types.Signature).Recv() != nil && v.interfaceMethod(fn.Name()) {
		return nil, false
	}
	return calls, true
}

func (v *visible) interfaceMethod(name string) bool {
	if v.ifaceMethods == nil {
		v.ifaceMethods = map[string]bool{}
		for _, pkg := range append(v.pkg.Imports(), v.pkg) {
			scope := pkg.Scope()
			for _, n := range scope.Names() {
				tn, ok := scope.Lookup(n).(*types.TypeName)
				if !ok {
					continue
				}
				if it, ok := tn.Type().Underlying().(*types.Interface); ok {
					for i := range it.NumMethods() {
						v.ifaceMethods[it.Method(i).Name()] = true
					}
				}
			}
		}
	}
	return v.ifaceMethods[name]
}

// param returns the parameter of the function declared by encl that e
// is, if the function never reassigns it, or false.
func (v *visible) param(encl ast.Node, e ast.Expr) (paramOf, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return paramOf{}, false
	}
	pv, ok := v.info.Uses[id].(*types.Var)
	if !ok || v.reassigned[pv] {
		return paramOf{}, false
	}
	po, ok := v.params[pv]
	if !ok {
		return paramOf{}, false
	}
	if decl, ok := encl.(*ast.FuncDecl); encl != nil && (!ok || v.info.Defs[decl.Name] != po.fn) {
		return paramOf{}, false // a parameter of a function around a literal
	}
	sig := po.fn.Type().(*types.Signature)
	if sig.Variadic() && po.i == sig.Params().Len()-1 {
		return paramOf{}, false
	}
	return po, true
}

// args returns the argument every call of po's function passes for it,
// if the package sees every call.
func (v *visible) args(po paramOf) ([]ast.Expr, bool) {
	calls, ok := v.allCalls(po.fn)
	if !ok {
		return nil, false
	}
	n := po.fn.Type().(*types.Signature).Params().Len()
	out := make([]ast.Expr, 0, len(calls))
	for _, call := range calls {
		if len(call.Args) != n {
			return nil, false // f(g()): a tuple
		}
		out = append(out, call.Args[po.i])
	}
	return out, true
}

// constParam reports whether idx, an index into a value in the function
// encl declares, is a parameter of that unexported function for which
// every call passes a constant: then it is as safe as a constant index
// (addNewRecord(BatchUpdateTypeUserQuota, id, q) indexing a table of
// stores by type). An exported function's callers in other packages are
// not seen, and an index parameter of an exported function is most often
// an input (a page, an offset): it stays a reason.
func (v *visible) constParam(encl ast.Node, idx ast.Expr) bool {
	po, ok := v.param(encl, idx)
	if !ok || po.fn.Exported() {
		return false
	}
	args, ok := v.args(po)
	if !ok {
		return false
	}
	for _, a := range args {
		if !isConst(v.info, a) {
			return false
		}
	}
	return true
}

// A fieldValue is a function the package stores in a func-typed field:
// a literal or a named function.
type fieldValue struct {
	lit *ast.FuncLit
	fn  *types.Func
}

// fieldValues returns the functions the package stores in f, if it
// stores nothing else: function literals, named functions and method
// values of concrete types, nil, and the parameter of a setter whose
// every call in the package passes one of those. False when the package
// never stores one (the field is filled from outside: a hook, a plugin),
// stores another value (a variable, a call's result), takes f's address,
// or stores a setter's parameter and the setter has callers the package
// cannot see (it is never called here, or is passed as a value).
//
// An exported field, or an exported setter the package calls itself,
// may also be set by another package: that value is not seen. The
// package filling the field with its own functions (a default, its own
// wiring) is taken as the sign that those are what runs.
func (v *visible) fieldValues(f *types.Var) ([]fieldValue, bool) {
	return v.fieldValuesSeen(f.Origin(), map[*types.Var]bool{f.Origin(): true})
}

func (v *visible) fieldValuesSeen(f *types.Var, seen map[*types.Var]bool) ([]fieldValue, bool) {
	if v.opaque[f] || len(v.fields[f]) == 0 {
		return nil, false
	}
	var out []fieldValue
	for _, e := range v.fields[f] {
		if fvs, ok := v.funcValues(e, seen); ok {
			out = append(out, fvs...)
			continue
		}
		po, ok := v.param(nil, e)
		if !ok {
			return nil, false
		}
		args, ok := v.args(po)
		if !ok {
			return nil, false
		}
		for _, a := range args {
			fvs, ok := v.funcValues(a, seen)
			if !ok {
				return nil, false
			}
			out = append(out, fvs...)
		}
	}
	return out, true
}

// funcValues resolves e to the functions it can be: what funcValue
// resolves; another func-typed field of the package (a copy, as in
// l.CopyWithPrefix()'s {warning: l.warning}), by that field's values; and
// the result of calling a factory of the package, a declared function or
// a local literal whose every return statement returns one of those
// (logFunc("Warn"), where logFunc := func(level string) loggingFunc {
// return func(...) {...} }). seen holds the fields being resolved: a
// field copied from itself adds nothing.
func (v *visible) funcValues(e ast.Expr, seen map[*types.Var]bool) ([]fieldValue, bool) {
	if fv, ok := v.funcValue(e); ok {
		if fv == (fieldValue{}) {
			return nil, true
		}
		return []fieldValue{fv}, true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		f := v.funcField(e.Sel)
		if f == nil {
			return nil, false
		}
		if seen[f] {
			return nil, true
		}
		seen[f] = true
		return v.fieldValuesSeen(f, seen)
	case *ast.CallExpr:
		body := v.factory(e)
		if body == nil {
			return nil, false
		}
		var out []fieldValue
		ok, returns := true, 0
		goroutine.InspectNoLits(body, func(n ast.Node) bool {
			ret, isRet := n.(*ast.ReturnStmt)
			if !isRet || !ok {
				return ok
			}
			returns++
			if len(ret.Results) != 1 {
				ok = false
				return false
			}
			fvs, rok := v.funcValue(ret.Results[0])
			if !rok {
				ok = false
				return false
			}
			if fvs != (fieldValue{}) {
				out = append(out, fvs)
			}
			return false
		})
		return out, ok && returns > 0
	}
	return nil, false
}

// factory returns the body of the function of this package call calls
// by name: a declared function, or a local variable defined with a
// literal and never assigned again; nil otherwise.
func (v *visible) factory(call *ast.CallExpr) *ast.BlockStmt {
	if fn := v.calledName(call); fn != nil {
		return v.bodies[fn]
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := v.info.Uses[id]
	if lit := v.lits[obj]; lit != nil && !v.reassigned[obj] {
		return lit.Body
	}
	return nil
}

// funcValue resolves e to a function literal or a named function; nil is
// resolved to nothing (the zero fieldValue).
func (v *visible) funcValue(e ast.Expr) (fieldValue, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return fieldValue{lit: e}, true
	case *ast.Ident:
		if _, isNil := v.info.Uses[e].(*types.Nil); isNil {
			return fieldValue{}, true
		}
		if fn, ok := v.info.Uses[e].(*types.Func); ok {
			return fieldValue{fn: fn}, true
		}
	case *ast.SelectorExpr:
		if s := v.info.Selections[e]; s != nil && types.IsInterface(s.Recv()) {
			return fieldValue{}, false // a method value of an interface: any implementation
		}
		if fn, ok := v.info.Uses[e.Sel].(*types.Func); ok {
			return fieldValue{fn: fn}, true
		}
	}
	return fieldValue{}, false
}
