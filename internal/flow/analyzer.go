package flow

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/bits"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/callgraph"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// Fact is exported for a function of the user's code whose result
// carries data the program does not control, or the data of its
// parameters, or can be nil, or that fills a pointer parameter with
// outside data: what its callers' environments use in place of its body.
type Fact struct {
	// ResultExt: the result carries data the program does not control;
	// ResultFrom: it carries the data of these parameters (the receiver
	// first).
	ResultExt  bool
	ResultFrom Label
	// ResultNil: the function can return nil (a lookup that found
	// nothing).
	ResultNil bool
	// ResultBuilt: the result is a slice, map or string the function
	// builds itself (a literal, make, append to one): its length is the
	// program's choice, whatever its elements hold.
	// BuiltFrom: ResultBuilt where the arguments for these parameters,
	// returned as they came, are built.
	ResultBuilt bool
	BuiltFrom   Label
	// ResultTyped: the result is an interface whose dynamic type the
	// function chose (it returns values of concrete types, or nil) — or,
	// with TypedFrom, its callers chose, through these parameters it
	// returns as they came.
	ResultTyped bool
	TypedFrom   Label
	// Fills are the pointer parameters it fills with outside data
	// (bindJSON(c, &req)).
	Fills Label
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	var res []string
	if f.ResultExt {
		res = append(res, "outside")
	}
	for l := f.ResultFrom; l != 0; l &= l - 1 {
		res = append(res, fmt.Sprintf("param %d", bits.TrailingZeros64(uint64(l))))
	}
	if f.ResultNil {
		res = append(res, "nil")
	}
	if f.ResultBuilt {
		res = append(res, "built")
		for l := f.BuiltFrom; l != 0; l &= l - 1 {
			res = append(res, fmt.Sprintf("as param %d", bits.TrailingZeros64(uint64(l))))
		}
	}
	if f.ResultTyped {
		res = append(res, "typed")
		for l := f.TypedFrom; l != 0; l &= l - 1 {
			res = append(res, fmt.Sprintf("as param %d", bits.TrailingZeros64(uint64(l))))
		}
	}
	var parts []string
	if len(res) > 0 {
		parts = append(parts, "result "+strings.Join(res, ", "))
	}
	for l := f.Fills; l != 0; l &= l - 1 {
		parts = append(parts, fmt.Sprintf("fills param %d", bits.TrailingZeros64(uint64(l))))
	}
	return "flow(" + strings.Join(parts, "; ") + ")"
}

// AnalyzerName is the flow analyzer's name.
const AnalyzerName = "dataflow"

// NewAnalyzer returns the analyzer that summarises where the data of each
// function of the user's code comes from (Fact), on top of the goroutine
// model analyzer model (its user-code decision, call graph and
// implementations). Its result is a *Result, nil for the standard
// library and dependencies, and when need (read once per package) says
// no rule that reads it is enabled.
func NewAnalyzer(model *analysis.Analyzer, need func() bool) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       AnalyzerName,
		Doc:        "where the data of each function comes from: outside the program (the request, replies, files) or its parameters (Fact)",
		Requires:   []*analysis.Analyzer{model},
		ResultType: reflect.TypeFor[*Result](),
		FactTypes:  []analysis.Fact{new(Fact)},
		Run: func(pass *analysis.Pass) (any, error) {
			res, _ := pass.ResultOf[model].(*goroutine.Result)
			if res == nil || res.Model == nil || !need() {
				return (*Result)(nil), nil
			}
			res.Model.Lock()
			defer res.Model.Unlock()
			r := New(pass, res.Model)
			r.Export()
			return r, nil
		},
	}
}

// A Result is the value flow of one package: its syntax index, and the
// summaries of its functions.
type Result struct {
	pass     *analysis.Pass
	info     *types.Info
	m        *goroutine.Model
	index    *Index
	facts    map[*types.Func]*Fact
	imported map[*types.Func]*Fact // read from other packages, once each
	envs     map[ast.Node]*Env
	callees  map[*types.Func][]*types.Func // of each function declared here
	// sourceVarList holds the package's variables of a source type, once
	// sourceVarsDone (sourceVars).
	sourceVarList  []*types.Var
	sourceVarsDone bool
}

// New computes the summaries of the package's functions, to a fixed
// point over the calls between them.
func New(pass *analysis.Pass, m *goroutine.Model) *Result {
	r := &Result{
		pass:     pass,
		info:     pass.TypesInfo,
		m:        m,
		index:    newIndex(pass.TypesInfo, pass.Files, m),
		facts:    map[*types.Func]*Fact{},
		imported: map[*types.Func]*Fact{},
		envs:     map[ast.Node]*Env{},
	}
	decls := m.FuncDecls()
	fns := make([]*types.Func, len(decls))
	callees := make([][]*types.Func, len(decls))
	for i, fd := range decls {
		fns[i] = fd.Obj
		m.Inspect(fd.Decl.Body, []ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				callees[i] = append(callees[i], m.Callees(call)...)
			}
			return true
		})
	}
	r.callees = map[*types.Func][]*types.Func{}
	for i, fn := range fns {
		r.callees[fn] = callees[i]
	}
	empty := make([]bool, len(decls))
	for i, fn := range fns {
		if empty[i] = emptyBySignature(fn.Signature()); empty[i] {
			r.facts[fn] = &Fact{}
		}
	}
	callgraph.Solve(fns, func(i int) []*types.Func { return callees[i] }, func(i int) bool {
		if empty[i] {
			return false // its environment is made when asked (Env), on the final facts
		}
		f := r.summarise(decls[i])
		if old := r.facts[fns[i]]; old != nil && *old == *f {
			return false
		}
		r.facts[fns[i]] = f
		return true
	})
	return r
}

// emptyBySignature reports whether every fact of a function with this
// signature is empty whatever its body: it has no result, and no
// parameter (the receiver among them) it could fill, a pointer or an
// interface that is not a source (summarise's Fills).
func emptyBySignature(sig *types.Signature) bool {
	if sig.Results().Len() > 0 {
		return false
	}
	fillable := func(v *types.Var) bool {
		t := v.Type().Underlying()
		_, ptr := t.(*types.Pointer)
		return (ptr || types.IsInterface(t)) && !apis.IsSourceType(v.Type())
	}
	if r := sig.Recv(); r != nil && fillable(r) {
		return false
	}
	for v := range sig.Params().Variables() {
		if fillable(v) {
			return false
		}
	}
	return true
}

// Export exports the package's non-empty facts.
func (r *Result) Export() {
	for _, fd := range r.m.FuncDecls() {
		if f := r.facts[fd.Obj]; f != nil && *f != (Fact{}) {
			r.pass.ExportObjectFact(fd.Obj, f)
		}
	}
}

// summarise computes fd's fact from its body and its callees' facts.
func (r *Result) summarise(fd goroutine.FuncDecl) *Fact {
	// The environment of a function's last step is the one of its final
	// facts: a callee's change would have stepped it again. Env reuses it.
	e := r.newEnv(fd.Decl)
	r.envs[fd.Decl] = e
	f := &Fact{}
	sig := fd.Obj.Signature()
	built, typed, returns := true, true, 0
	var typedFrom, builtFrom Label
	var misuse map[*ast.ReturnStmt]bool // computed at the first nil returned
	misused := func(ret *ast.ReturnStmt) bool {
		if misuse == nil {
			misuse = e.misuseReturns(fd.Decl.Body)
		}
		return misuse[ret]
	}
	r.m.InspectNoLits(fd.Decl.Body, []ast.Node{(*ast.ReturnStmt)(nil)}, func(n ast.Node) bool {
		ret, ok := n.(*ast.ReturnStmt)
		if !ok {
			return true
		}
		if len(ret.Results) > 0 {
			returns++
			if j, ok := e.paramOf(ret.Results[0]); ok {
				// return body, nil: as the caller handed it.
				typedFrom |= ParamBit(j)
				builtFrom |= ParamBit(j)
			} else {
				built = built && e.Built(ret.Results[0])
				typed = typed && e.Typed(ret.Results[0])
			}
		}
		for _, x := range ret.Results {
			l := e.Label(x)
			f.ResultExt = f.ResultExt || l&Ext != 0
			f.ResultFrom |= l &^ Ext
			if tv, ok := r.info.Types[x]; ok && tv.IsNil() && sig.Results().Len() > 0 && nilable(sig.Results().At(0).Type()) && !misused(ret) {
				f.ResultNil = true
			}
		}
		return true
	})
	if res := sig.Results(); returns > 0 && typed && res.Len() > 0 && types.IsInterface(res.At(0).Type()) {
		f.ResultTyped, f.TypedFrom = true, typedFrom
	}
	if res := sig.Results(); returns > 0 && built && res.Len() > 0 {
		switch res.At(0).Type().Underlying().(type) {
		case *types.Slice, *types.Map:
			f.ResultBuilt, f.BuiltFrom = true, builtFrom
		}
	}
	for v, j := range e.params {
		t := v.Type().Underlying()
		_, ptr := t.(*types.Pointer)
		if (ptr || types.IsInterface(t)) && !apis.IsSourceType(v.Type()) && e.vars[v]&Ext != 0 {
			f.Fills |= ParamBit(j)
		}
	}
	return f
}

// Fact returns the summary of fn, from this package or the user's module,
// or nil.
func (r *Result) Fact(fn *types.Func) *Fact {
	fn = fn.Origin()
	if f, ok := r.facts[fn]; ok || fn.Pkg() == r.pass.Pkg {
		return f
	}
	if fn.Pkg() == nil || !r.m.UserCode(fn.Pkg()) {
		return nil
	}
	return goroutine.ImportedFact(r.pass, r.imported, fn)
}

// Index returns the package's syntax index.
func (r *Result) Index() *Index { return r.index }

// Env returns the environment of the function unit (a declaration, with
// the literals in it, or a literal at package level), with the package's
// summaries.
func (r *Result) Env(unit ast.Node) *Env {
	if e, ok := r.envs[unit]; ok {
		return e
	}
	e := r.newEnv(unit)
	r.envs[unit] = e
	return e
}

// Callees returns the functions a function declared in the package calls
// (the implementations of the interface methods it calls too): the call
// graph the summaries were solved on.
func (r *Result) Callees(fn *types.Func) []*types.Func { return r.callees[fn] }

// misuseReturns returns the returns of body that end an if statement
// whose condition only tests the function's parameters for their zero
// value (if auth == nil || model == "" { return nil }): a nil returned
// there is the caller's misuse, not a lookup that found nothing — for the
// arguments callers pass, the function returns what it makes or finds.
func (e *Env) misuseReturns(body *ast.BlockStmt) map[*ast.ReturnStmt]bool {
	out := map[*ast.ReturnStmt]bool{}
	e.r.m.InspectNoLits(body, []ast.Node{(*ast.IfStmt)(nil)}, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Init != nil || len(ifs.Body.List) == 0 || !e.zeroTest(ifs.Cond) {
			return true
		}
		if ret, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt); ok {
			out[ret] = true
		}
		return true
	})
	return out
}

// zeroTest reports whether cond only compares parameters (or their
// lengths) with their zero value: p == nil, s == "", len(xs) == 0, joined
// by || or &&.
func (e *Env) zeroTest(cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LOR, token.LAND:
		return e.zeroTest(b.X) && e.zeroTest(b.Y)
	case token.EQL, token.LEQ:
	default:
		return false
	}
	tv, ok := e.r.info.Types[b.Y]
	if !ok || !tv.IsNil() && (tv.Value == nil || !isZero(tv.Value)) {
		return false
	}
	x := ast.Unparen(b.X)
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
		if bi, ok := typeutil.Callee(e.r.info, call).(*types.Builtin); ok && bi.Name() == "len" {
			x = ast.Unparen(call.Args[0])
		}
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := e.r.info.Uses[id].(*types.Var)
	_, param := e.params[v]
	return ok && param
}

func isZero(v constant.Value) bool {
	switch v.Kind() {
	case constant.String:
		return constant.StringVal(v) == ""
	case constant.Int, constant.Float:
		return constant.Sign(v) == 0
	case constant.Bool:
		return !constant.BoolVal(v)
	}
	return false
}

// paramOf returns the index of the parameter x is, unchanged since the
// call (the receiver first), if it is one.
func (e *Env) paramOf(x ast.Expr) (int, bool) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := e.r.info.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	j, ok := e.params[v]
	if !ok || len(e.r.index.Defs(v)) > 0 {
		return 0, false
	}
	return j, true
}

// newIndex is NewIndex of the model's package, walked through its
// inspector for the nodes it records.
func newIndex(info *types.Info, files []*ast.File, m *goroutine.Model) *Index {
	x := emptyIndex(info)
	for _, f := range files {
		m.Inspect(f, indexed, x.visit)
	}
	return x
}
