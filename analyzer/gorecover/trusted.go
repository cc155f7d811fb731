package gorecover

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// This file holds what scan trusts although it looks like a reason: the
// panics, indexes, patterns and type assertions that cannot happen, or
// happen only when the program's own contract or its host is broken.
// Each was a false positive on the public applications of
// docs/field-results.md.

// table reports whether x is a package-level variable, or an element or
// field of one: a lookup table (var levelNames = []string{...}), which a
// value from elsewhere (an enumeration read from a request or a database,
// newer than the table) indexes out of range. A computed index into the
// function's own data is bounded by what computed it, in nearly every
// case a reviewer meets (ring buffers, column positions, fan-out slots);
// -gorecover.indexes counts those too.
func table(info *types.Info, x ast.Expr) bool {
	v, _ := goroutine.RootVar(info, x)
	return goroutine.IsPackageVar(v)
}

// fromRequest reports whether the index e reads the request itself
// (xs[c.GetInt("i")], parts[:atoi(c.Query("n"))]): a client chooses it.
func (p *panics) fromRequest(e ast.Expr) bool {
	info := p.pass.TypesInfo
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
				if recv := fn.Type().(*types.Signature).Recv(); recv != nil && p.m.Table().Lookup(recv.Type()) != nil {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// parallelTable reports whether index, into the package table x, is the
// key of a range over another package table at most as long, both
// composite literals assigned once (for i, s := range thumbSizes {
// thumbNames[i] }: tables kept in step).
func (p *panics) parallelTable(x, index ast.Expr) bool {
	info := p.pass.TypesInfo
	length := func(e ast.Expr) int {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok || !isPackageVar(info.Uses[id]) {
			return -1
		}
		lit, ok := ast.Unparen(p.onceVals[info.Uses[id]]).(*ast.CompositeLit)
		if !ok {
			return -1
		}
		for _, elt := range lit.Elts {
			if _, keyed := elt.(*ast.KeyValueExpr); keyed {
				return -1
			}
		}
		return len(lit.Elts)
	}
	id, ok := ast.Unparen(index).(*ast.Ident)
	if !ok {
		return false
	}
	rng := p.rangeKeys[info.Uses[id]]
	if rng == nil {
		return false
	}
	n, m := length(x), length(rng.X)
	return n >= 0 && m >= 0 && m <= n
}

func isPackageVar(obj types.Object) bool {
	v, _ := obj.(*types.Var)
	return goroutine.IsPackageVar(v)
}

// bindRecovered records the variable the recover() call at cur is
// assigned to (r := recover(); var r = recover()).
func (p *panics) bindRecovered(cur inspector.Cursor) {
	info := p.pass.TypesInfo
	switch n := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == 1 && len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == cur.Node() {
			if id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident); ok && info.ObjectOf(id) != nil {
				p.recovered[info.ObjectOf(id)] = true
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == 1 && len(n.Values) == 1 && info.Defs[n.Names[0]] != nil {
			p.recovered[info.Defs[n.Names[0]]] = true
		}
	}
}

// findRepanicTypes fills repanicTypes: the named types of the values the
// package builds from a recovered value (&PanicError{Value: r}), also in
// a function of the package it is handed to (c.err = newPanicError(r),
// which returns &panicError{value: v}).
func (p *panics) findRepanicTypes() {
	if len(p.recovered) == 0 {
		return
	}
	info := p.pass.TypesInfo
	// The parameters a recovered value is passed to, until none is new.
	for changed := true; changed; {
		changed = false
		for cur := range p.insp.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			fn, ok := typeutil.Callee(info, call).(*types.Func)
			if !ok || fn.Pkg() != p.pass.Pkg {
				continue
			}
			params := fn.Type().(*types.Signature).Params()
			for i, arg := range call.Args {
				if i < params.Len() && !p.recovered[params.At(i).Origin()] && mentions(info, []ast.Expr{arg}, p.recovered) {
					p.recovered[params.At(i).Origin()] = true
					changed = true
				}
			}
		}
	}
	for cur := range p.insp.Root().Preorder((*ast.CompositeLit)(nil)) {
		lit := cur.Node().(*ast.CompositeLit)
		if !mentions(info, lit.Elts, p.recovered) {
			continue
		}
		if t := info.TypeOf(lit); t != nil && !types.IsInterface(t) {
			if _, ok := types.Unalias(t).(*types.Named); ok {
				p.repanicTypes = append(p.repanicTypes, t)
			}
		}
	}
}

// repanic reports whether panic(arg) re-raises a panic recovered
// elsewhere: arg is a recovered value, or of a type the package builds
// from one (singleflight's panicError). Where the panic starts is what
// is reported.
func (p *panics) repanic(arg ast.Expr) bool {
	info := p.pass.TypesInfo
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok && p.recovered[info.Uses[id]] {
		return true
	}
	t := info.TypeOf(arg)
	if t == nil {
		return false
	}
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem()
	}
	for _, r := range p.repanicTypes {
		if types.Identical(t, r) {
			return true
		}
	}
	return false
}

// precondition reports whether the panic call at c is a named function's
// check of its own arguments with a fixed message, the way the standard
// library states a precondition (strings.Repeat's "negative Repeat
// count"):
//
//	func (n Name) Filepath() string {
//		if !n.IsFullyQualified() {
//			panic("illegal attempt to get filepath of invalid name")
//		}
//
// Either the if is a statement of the function's body and its condition
// mentions a parameter or the receiver (or a variable the body defines
// from one's length before it) or a package variable (if conf == nil {
// panic("config is missing") }: set up at startup), or the panic is the default of a switch
// on one (switch tag { case splitTo: ... default: panic("unreachable") }:
// a value outside the enumeration). The message is a constant, errors.New
// of one or a fmt.Sprintf or Errorf with a constant format. Callers are
// trusted to meet it, as they are trusted with the standard library's.
func (p *panics) precondition(c inspector.Cursor, encl ast.Node) bool {
	decl, ok := encl.(*ast.FuncDecl)
	if !ok || decl.Body == nil {
		return false
	}
	info := p.pass.TypesInfo
	call := c.Node().(*ast.CallExpr)
	if !p.fixedMessage(call.Args[0]) {
		return false
	}
	stmt := c.Parent()
	if _, ok := stmt.Node().(*ast.ExprStmt); !ok {
		return false
	}
	var cond ast.Expr
	var before ast.Stmt // the statement of the body it is in
	switch n := stmt.Parent().Node().(type) {
	case *ast.BlockStmt:
		ifc := stmt.Parent().Parent()
		ifs, ok := ifc.Node().(*ast.IfStmt)
		if !ok || ifs.Body != n || ifc.Parent().Node() != decl.Body {
			return false
		}
		cond, before = ifs.Cond, ifs
	case *ast.CaseClause:
		sw, ok := stmt.Parent().Parent().Parent().Node().(*ast.SwitchStmt)
		if !ok || n.List != nil || sw.Tag == nil {
			return false
		}
		cond = sw.Tag
	default:
		return false
	}
	params := map[types.Object]bool{}
	for _, fl := range []*ast.FieldList{decl.Recv, decl.Type.Params} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, id := range f.Names {
				if obj := info.Defs[id]; obj != nil {
					params[obj] = true
				}
			}
		}
	}
	// Variables the body defines from a parameter's length before the if
	// (keysLen := len(keys)); not what it computes from one by a call
	// (n, err := strconv.Atoi(s): a panic on err is one on the data).
	for _, st := range decl.Body.List {
		if st == before {
			break
		}
		if as, ok := st.(*ast.AssignStmt); ok && before != nil && as.Tok == token.DEFINE && mentions(info, as.Rhs, params) && lengthsOnly(info, as.Rhs) {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.Defs[id] != nil {
					params[info.Defs[id]] = true
				}
			}
		}
	}
	// The package's own state, set up at startup (if conf == nil {
	// panic("config is missing") }).
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && isPackageVar(info.Uses[id]) {
			params[info.Uses[id]] = true
		}
		return true
	})
	return mentions(info, []ast.Expr{cond}, params)
}

// fixedMessage reports whether e is a constant, errors.New of one, or a
// fmt.Sprintf or fmt.Errorf with a constant format.
func (p *panics) fixedMessage(e ast.Expr) bool {
	info := p.pass.TypesInfo
	if isConst(info, e) {
		return true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !isConst(info, call.Args[0]) {
		return false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "errors.New", "fmt.Sprintf", "fmt.Errorf":
		return true
	}
	return false
}

// lengthsOnly reports whether es call nothing but len and cap.
func lengthsOnly(info *types.Info, es []ast.Expr) bool {
	only := true
	for _, e := range es {
		ast.Inspect(e, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if b, ok := typeutil.Callee(info, call).(*types.Builtin); !ok || (b.Name() != "len" && b.Name() != "cap") {
					only = false
				}
			}
			return only
		})
	}
	return only
}

func mentions(info *types.Info, es []ast.Expr, objs map[types.Object]bool) bool {
	found := false
	for _, e := range es {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && objs[info.Uses[id]] {
				found = true
			}
			return !found
		})
	}
	return found
}

// hostFuncs are standard library functions with arguments whose error
// comes only from the host: filepath.Abs fails only when os.Getwd does,
// crypto/rand only when the system's random source does.
var hostFuncs = map[string]bool{
	"path/filepath.Abs": true,
	"crypto/rand.Read":  true,
	"crypto/rand.Int":   true,
}

// hostFailure reports whether panic(err) panics with the error of a
// standard library function called without arguments (os.UserHomeDir(),
// os.Getwd(), os.Hostname(), x509.SystemCertPool()) or of hostFuncs,
// every time the enclosing function assigns err. What fails there is the
// process's host, on the first call, not a request.
func (p *panics) hostFailure(encl ast.Node, arg ast.Expr) bool {
	info := p.pass.TypesInfo
	id, ok := ast.Unparen(arg).(*ast.Ident)
	if !ok || encl == nil {
		return false
	}
	obj, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	host := func(rhs ast.Expr) bool {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
			return false
		}
		return hostFuncs[fn.Pkg().Path()+"."+fn.Name()] || len(call.Args) == 0 && stdlib.Is(p.pass, fn.Pkg().Path())
	}
	sets, all := 0, true
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if lid, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(lid) == obj {
					sets++
					// v, err := f(): the call is the only value.
					all = all && len(n.Rhs) == 1 && host(n.Rhs[0])
				}
			}
		case *ast.ValueSpec:
			for _, name := range n.Names {
				if info.Defs[name] == obj {
					sets++
					all = all && len(n.Values) == 1 && host(n.Values[0])
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if uid, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[uid] == obj {
					all = false
				}
			}
		}
		return true
	})
	return sets > 0 && all
}

// safePattern reports whether the regexp pattern e compiles whatever the
// program's input: constants, regexp.QuoteMeta of anything, their
// concatenations, variables assigned one of those once, and calls of the
// package's functions that return only those (a helper quoting a column
// name).
func (p *panics) safePattern(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	info := p.pass.TypesInfo
	if isConst(info, e) {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		return e.Op == token.ADD && p.safePattern(e.X, depth) && p.safePattern(e.Y, depth)
	case *ast.Ident:
		if v, ok := p.onceVals[info.Uses[e]]; ok {
			return p.safePattern(v, depth+1)
		}
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, e).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return false
		}
		if fn.Pkg().Path() == "regexp" && fn.Name() == "QuoteMeta" {
			return true
		}
		if fn.Pkg() != p.pass.Pkg {
			return false
		}
		decl := p.m.DeclOf(fn)
		if decl == nil || decl.Body == nil || decl.Type.Results.NumFields() != 1 {
			return false
		}
		safe, returns := true, 0
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				returns++
				safe = safe && len(n.Results) == 1 && p.safePattern(n.Results[0], depth+1)
			}
			return safe
		})
		return safe && returns > 0
	}
	return false
}

// listenAddr reports whether the type assertion ta is the
// ln.Addr().(*net.TCPAddr) idiom (or LocalAddr, RemoteAddr; *net.UDPAddr)
// on a listener or connection of the standard library's interfaces: the
// program chose the network when it listened or dialled, and a wrong one
// fails on first use.
func listenAddr(info *types.Info, ta *ast.TypeAssertExpr) bool {
	call, ok := ast.Unparen(ta.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "net" {
		return false
	}
	switch fn.Name() {
	case "Addr", "LocalAddr", "RemoteAddr":
	default:
		return false
	}
	ptr, ok := info.TypeOf(ta.Type).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := ptr.Elem().(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "net" && (named.Obj().Name() == "TCPAddr" || named.Obj().Name() == "UDPAddr")
}

// reflectRoundTrip reports whether the type assertion ta takes back out
// of reflect the type it was just given:
// v.Convert(reflect.TypeOf(t)).Interface().(T), reflect.Zero of it, or
// reflect.New(reflect.TypeOf(t)).Interface().(*T).
func reflectRoundTrip(info *types.Info, ta *ast.TypeAssertExpr) bool {
	want := info.TypeOf(ta.Type)
	iface, ok := ast.Unparen(ta.X).(*ast.CallExpr)
	if !ok || want == nil || !isReflect(info, iface, "Interface") {
		return false
	}
	sel, ok := ast.Unparen(iface.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	made, ok := ast.Unparen(sel.X).(*ast.CallExpr)
	if !ok || len(made.Args) != 1 {
		return false
	}
	typeOf, ok := ast.Unparen(made.Args[0]).(*ast.CallExpr)
	if !ok || len(typeOf.Args) != 1 || !isReflect(info, typeOf, "TypeOf") {
		return false
	}
	given := info.TypeOf(typeOf.Args[0])
	if given == nil {
		return false
	}
	switch {
	case isReflect(info, made, "Convert"), isReflect(info, made, "Zero"):
		return types.Identical(given, want)
	case isReflect(info, made, "New"):
		return types.Identical(types.NewPointer(given), want)
	}
	return false
}

// isReflect reports whether call calls reflect's function or
// reflect.Value's method of that name.
func isReflect(info *types.Info, call *ast.CallExpr, name string) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "reflect" && fn.Name() == name
}

// ownAbstraction reports whether the type assertion ta is from an
// interface with methods declared in the user's code (kv.(ModelConverter)
// on ollama's ModelKV): which of its own implementations the value holds
// is the program's choice, and a wrong one fails its tests. An assertion
// on an empty interface asks what shape data has (decoded JSON, a field
// filled from a request), and one on a standard library or dependency
// interface (err.(*mysql.MySQLError), conn.(*net.TCPConn)) what another
// party chose: those stay reasons.
func (p *panics) ownAbstraction(ta *ast.TypeAssertExpr) bool {
	t := p.pass.TypesInfo.TypeOf(ta.X)
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !p.m.UserCode(named.Obj().Pkg()) {
		return false
	}
	iface, ok := named.Underlying().(*types.Interface)
	return ok && iface.NumMethods() > 0
}

// ownLiteral reports whether the type assertion ta is on a field of a
// local variable the function defined with a composite literal setting
// that field (lsReq := request{Prompt: prompt}; lsReq.Prompt.(string)):
// a value the program built, not data it received. A variable whose
// address is taken is not followed.
func (p *panics) ownLiteral(encl ast.Node, ta *ast.TypeAssertExpr) bool {
	info := p.pass.TypesInfo
	sel, ok := ast.Unparen(ta.X).(*ast.SelectorExpr)
	if !ok || encl == nil {
		return false
	}
	base, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[base].(*types.Var)
	field, isField := info.Uses[sel.Sel].(*types.Var)
	if !ok || !isField || !field.IsField() || v.Pos() < encl.Pos() || v.Pos() >= encl.End() {
		return false
	}
	sets := func(e ast.Expr) bool {
		lit, ok := ast.Unparen(e).(*ast.CompositeLit)
		if !ok {
			return false
		}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && info.Uses[id] == field {
					return true
				}
			}
		}
		return false
	}
	built, addressed := false, false
	ast.Inspect(encl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				addressed = true
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Defs[id] == v {
						built = sets(n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] == v && i < len(n.Values) {
					built = sets(n.Values[i])
				}
			}
		}
		return true
	})
	return built && !addressed
}

// instantiation reports whether the type assertion ta is on a value of
// a type parameter, or of another type that is not an interface,
// converted to an interface on the spot (any(s).([]string) in a generic
// function): it asks which instantiation the code runs with, which the
// program's own calls decide.
func instantiation(info *types.Info, ta *ast.TypeAssertExpr) bool {
	conv, ok := ast.Unparen(ta.X).(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 {
		return false
	}
	if tv, ok := info.Types[conv.Fun]; !ok || !tv.IsType() {
		return false
	}
	t := info.TypeOf(conv.Args[0])
	if t == nil {
		return false
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return true
	}
	return !types.IsInterface(t)
}

// A caseRegion is a case clause of a switch on a parameter of a function:
// the positions it spans, the parameter and the case's constants.
type caseRegion struct {
	pos, end token.Pos
	CaseGuard
}

type caseRegions []caseRegion

// at returns the guard of the innermost case clause around pos, or nil.
func (rs caseRegions) at(pos token.Pos) *CaseGuard {
	var best *caseRegion
	for i := range rs {
		if r := &rs[i]; r.pos <= pos && pos < r.end && (best == nil || r.pos >= best.pos) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	return &best.CaseGuard
}

// caseRegions returns the case clauses, with constants, of the switches
// of decl on a parameter it never assigns (switch key { case
// "MonitorStatus": ... }). A switch with a fallthrough is left out.
func (p *panics) caseRegions(decl *ast.FuncDecl) caseRegions {
	info := p.pass.TypesInfo
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok || decl.Body == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	params := map[types.Object]int{}
	for i := 0; i < sig.Params().Len(); i++ {
		if !(sig.Variadic() && i == sig.Params().Len()-1) {
			params[sig.Params().At(i)] = i
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		var targets []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			targets = n.Lhs
		case *ast.IncDecStmt:
			targets = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				targets = []ast.Expr{n.X}
			}
		}
		for _, t := range targets {
			if id, ok := ast.Unparen(t).(*ast.Ident); ok {
				delete(params, info.ObjectOf(id))
			}
		}
		return true
	})
	var out caseRegions
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag == nil {
			return true
		}
		id, ok := ast.Unparen(sw.Tag).(*ast.Ident)
		if !ok {
			return true
		}
		i, ok := params[info.Uses[id]]
		if !ok {
			return true
		}
		falls := false
		ast.Inspect(sw.Body, func(n ast.Node) bool {
			if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				falls = true
			}
			return !falls
		})
		if falls {
			return true
		}
		for _, st := range sw.Body.List {
			cc, ok := st.(*ast.CaseClause)
			if !ok || cc.List == nil {
				continue // default: any other value
			}
			var vals []string
			for _, e := range cc.List {
				tv, ok := info.Types[e]
				if !ok || tv.Value == nil {
					vals = nil
					break
				}
				vals = append(vals, tv.Value.ExactString())
			}
			if vals != nil {
				out = append(out, caseRegion{cc.Pos(), cc.End(), CaseGuard{Param: i, Values: vals}})
			}
		}
		return true
	})
	return out
}

// sameLock reports whether the function around each of the positions a
// and b holds the same sync.Mutex or RWMutex there: two websocket writes
// under one lock do not run concurrently (ntfy's wlock around its ping and
// its message writes).
func (p *panics) sameLock(a, b token.Pos) bool {
	la, lb := p.lockHeld(a), p.lockHeld(b)
	return la != "" && la == lb
}

// lockHeld returns the key (goroutine.ExprKey) of a mutex that a
// statement of the body of the function around pos locks before pos and
// does not unlock before it (wlock.Lock(); defer wlock.Unlock()), or "".
func (p *panics) lockHeld(pos token.Pos) string {
	info := p.pass.TypesInfo
	cur, ok := p.insp.Root().FindByPos(pos, pos)
	if !ok {
		return ""
	}
	var body *ast.BlockStmt
	for c := cur; c.Node() != nil && body == nil; c = c.Parent() {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			body = n.Body
		case *ast.FuncDecl:
			body = n.Body
		}
	}
	if body == nil {
		return ""
	}
	held := ""
	for _, st := range body.List {
		if st.Pos() >= pos {
			break
		}
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !isSel || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
			continue
		}
		switch fn.Name() {
		case "Lock":
			held = goroutine.ExprKey(info, sel.X)
		case "Unlock":
			if goroutine.ExprKey(info, sel.X) == held {
				held = ""
			}
		}
	}
	return held
}
