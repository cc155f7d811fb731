package flow

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// load type-checks src as package p and computes its value flow; facts
// holds what it exported.
func load(t *testing.T, src string) (*Result, *srctest.Package, map[types.Object]*Fact) {
	t.Helper()
	sp := srctest.Check(t, src, srctest.Options{})
	facts := map[types.Object]*Fact{}
	pass := sp.Pass(func(obj types.Object, f analysis.Fact) { facts[obj] = f.(*Fact) })
	m := goroutine.NewModel(pass, inspector.New(pass.Files), goroutine.Config{})
	r := New(pass, m)
	r.Export()
	return r, sp, facts
}

// labelOf returns the label of the local variable name in function fn.
func labelOf(t *testing.T, r *Result, sp *srctest.Package, fn, name string) Label {
	t.Helper()
	for _, d := range sp.File.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		e := r.Env(fd)
		var found *types.Var
		ast.Inspect(fd, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == name {
				if v, ok := sp.Info.Defs[id].(*types.Var); ok {
					found = v
				}
			}
			return found == nil
		})
		if found == nil {
			t.Fatalf("%s: no variable %s", fn, name)
		}
		return e.vars[found]
	}
	t.Fatalf("no function %s", fn)
	return 0
}

func TestLabels(t *testing.T) {
	const src = `package p

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

type Req struct{ Items []string }

func bindJSON(c *gin.Context, out any) error { return c.ShouldBindJSON(out) }

func decode(b []byte) map[string]any {
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func own() string { return "x" }

func find(m map[string]*Req, k string) *Req {
	r, ok := m[k]
	if !ok {
		return nil
	}
	return r
}

func H(c *gin.Context, n int) {
	q := c.Query("q")                       // a source
	parts := strings.Split(q, "/")          // computed from one
	i, _ := strconv.Atoi(parts[0])          // through a tuple
	var req Req
	_ = c.ShouldBindJSON(&req)              // a binder fills req
	var via Req
	_ = bindJSON(c, &via)                   // a function of the user's fills via
	m := decode([]byte(q))                  // a result from a parameter
	k := own()                              // the program's own
	p := n                                  // a parameter
	got, _ := c.Get("user")                 // the context's values: the program's own
	ctx := c.Request.Context()              // the request's context: the program's own
	body := c.Request.Body                  // the request: a source
	var cfg map[string]any
	raw, _ := os.ReadFile("cfg.json")
	_ = json.Unmarshal(raw, &cfg)           // decoded from a file
	for _, it := range req.Items {          // the elements of a source
		_ = it
	}
	_, _, _, _, _, _, _, _, _, _ = i, m, k, p, got, ctx, body, cfg, parts, via
}

func S(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	_ = id
}
`
	r, sp, facts := load(t, src)
	for _, c := range []struct {
		fn, name string
		want     Label
	}{
		{"H", "q", Ext},
		{"H", "parts", Ext},
		{"H", "i", Ext},
		{"H", "req", Ext},
		{"H", "via", Ext},
		{"H", "m", Ext},
		{"H", "k", 0},
		{"H", "p", ParamBit(1)},
		{"H", "got", 0},
		{"H", "ctx", 0},
		{"H", "body", Ext},
		{"H", "cfg", Ext},
		{"H", "it", Ext},
		{"S", "id", Ext},
	} {
		if got := labelOf(t, r, sp, c.fn, c.name); got != c.want {
			t.Errorf("%s: label of %s = %b, want %b", c.fn, c.name, got, c.want)
		}
	}
	want := map[string]string{
		"bindJSON": "flow(fills param 1)",
		"decode":   "flow(result param 0)",
		"find":     "flow(result param 0, nil)",
	}
	got := map[string]string{}
	for obj, f := range facts {
		got[obj.Name()] = f.String()
	}
	for fn, w := range want {
		if got[fn] != w {
			t.Errorf("fact of %s = %q, want %q", fn, got[fn], w)
		}
	}
	if f, ok := got["own"]; ok {
		t.Errorf("own has a fact: %s", f)
	}
}

// Nil lookups: a map of nilable elements indexed by a source key, or a
// function that can return nil called with source data.
func TestMayBeNil(t *testing.T) {
	const src = `package p

import "github.com/gin-gonic/gin"

type T struct{ N int }

var byName = map[string]*T{}
var counts = map[string]int{}

// find returns nil when the key is unknown: a lookup that found nothing.
func find(k string) *T {
	if t, ok := byName[k]; ok {
		return t
	}
	return nil
}

// ensure returns nil only when misused (a nil map, an empty key): for
// the arguments callers pass, what it finds or makes.
func ensure(m map[string]*T, k string) *T {
	if m == nil || k == "" {
		return nil
	}
	if t, ok := m[k]; ok {
		return t
	}
	t := &T{}
	m[k] = t
	return t
}

func H(c *gin.Context) {
	a := byName[c.Query("k")]
	b := byName["fixed"]
	d := counts[c.Query("k")]
	f := find(c.Query("k"))
	g := ensure(byName, c.Query("k"))
	var in map[string]*T
	_ = c.ShouldBindJSON(&in)
	for k := range in {
		h := in[k] // the range's own key: found
		_ = h
	}
	i := in[c.Query("k")]
	_, _, _, _, _, _ = a, b, d, f, g, i
}
`
	r, sp, _ := load(t, src)
	fd := sp.File.Decls[len(sp.File.Decls)-1].(*ast.FuncDecl)
	e := r.Env(fd)
	for name, want := range map[string]bool{"a": true, "b": false, "d": false, "f": true, "g": false, "h": false, "i": true} {
		var v *types.Var
		for id, obj := range sp.Info.Defs {
			if id.Name == name && obj != nil && obj.Parent() != sp.Pkg.Scope() {
				v, _ = obj.(*types.Var)
			}
		}
		if got := e.IsNil(v); got != want {
			t.Errorf("IsNil(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestIndex(t *testing.T) {
	const src = `package p

type S struct {
	M map[string]int
	N int
}

func f(x int) {
	a := 1
	a = 2
	b := x
	c, err := g()
	for k, v := range []int{1} {
		_, _ = k, v
	}
	p := &S{N: 1}
	p.M = map[string]int{}
	q := S{M: nil}
	_ = &b
	func(y int) { _ = y }(a)
	_, _, _ = c, err, q
}

func g() (int, error) { return 0, nil }
`
	sp := srctest.Check(t, src, srctest.Options{})
	x := NewIndex(sp.Info, []*ast.File{sp.File})
	vars := map[string]*types.Var{}
	fields := map[string]*types.Var{}
	for id, obj := range sp.Info.Defs {
		if v, ok := obj.(*types.Var); ok {
			if v.IsField() {
				fields[id.Name] = v
			} else {
				vars[id.Name] = v
			}
		}
	}
	kinds := func(name string) string {
		var out []string
		for _, d := range x.Defs(vars[name]) {
			out = append(out, [...]string{"value", "tuple", "key", "elem", "arg", "op"}[d.Kind])
		}
		return strings.Join(out, ",")
	}
	for name, want := range map[string]string{"a": "value,value", "b": "value", "c": "tuple", "err": "tuple", "k": "key", "v": "elem", "y": "arg"} {
		if got := kinds(name); got != want {
			t.Errorf("defs of %s: %s, want %s", name, got, want)
		}
	}
	if _, ok := x.Once(vars["a"]); ok {
		t.Error("a is assigned twice: not Once")
	}
	if _, ok := x.Once(vars["b"]); ok {
		t.Error("&b is taken: not Once")
	}
	if !x.AddrTaken(vars["b"]) {
		t.Error("AddrTaken(b) = false")
	}
	if got := len(x.FieldStores(fields["M"])); got != 2 {
		t.Errorf("stores of M: %d, want 2 (p.M = ..., S{M: nil})", got)
	}
	if got := len(x.FieldStores(fields["N"])); got != 1 {
		t.Errorf("stores of N: %d, want 1", got)
	}
	var sTN *types.TypeName
	for _, obj := range sp.Info.Defs {
		if tn, ok := obj.(*types.TypeName); ok && tn.Name() == "S" {
			sTN = tn
		}
	}
	lits := x.Literals(sTN)
	if len(lits) != 2 || Sets(sp.Info, lits[0], fields["M"]) || !Sets(sp.Info, lits[1], fields["M"]) {
		t.Errorf("literals of S: %d; the first must leave M out, the second set it", len(lits))
	}
}

func TestPaths(t *testing.T) {
	const src = `package p

type T struct{ Items []struct{ Name string } }

func f(req T, i int) {
	_ = req.Items[i].Name
	_ = req.Items
	_ = req
}
`
	sp := srctest.Check(t, src, srctest.Options{})
	var exprs []ast.Expr
	fd := sp.File.Decls[1].(*ast.FuncDecl)
	for _, st := range fd.Body.List {
		exprs = append(exprs, st.(*ast.AssignStmt).Rhs[0])
	}
	var ps []Path
	for _, e := range exprs {
		p, ok := PathOf(sp.Info, e)
		if !ok {
			t.Fatalf("no path for %T", e)
		}
		ps = append(ps, p)
	}
	if got := ps[0].String(); got != "req.Items[].Name" {
		t.Errorf("path = %s", got)
	}
	if !ps[2].Covers(ps[0]) || !ps[1].Covers(ps[0]) || ps[0].Covers(ps[1]) {
		t.Error("req covers req.Items covers req.Items[].Name, not the other way")
	}
	other := Path{Root: ps[0].Root, Steps: ".ItemsX"}
	if ps[1].Covers(other) {
		t.Error(".Items covers .ItemsX")
	}
}

// Who chose a value's length (Built) and its dynamic type (Typed): the
// program, for what it makes, what its type fixes and what it encodes of
// those; the data, for what it decodes or is handed.
func TestBuiltTyped(t *testing.T) {
	const src = `package p

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

func check(name string, x any) {}

var store sync.Map

// list builds its result; pick returns what it is handed.
func list(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, "x")
	}
	return out
}

func pick(xs []string) []string { return xs }

// avail builds its first result (nil on the error path: no elements, the
// program's choice); prefer returns its argument or a slice of its own.
func avail(n int) ([]string, error) {
	if n == 0 {
		return nil, nil
	}
	return list(n), nil
}

func prefer(xs []string, ws bool) []string {
	if ws {
		return []string{"ws"}
	}
	return xs
}

// shape returns what it is handed, or a map of its own.
func shape(body any, ok bool) (any, error) {
	if !ok {
		return asMap()
	}
	return body, nil
}

func asMap() (map[string]any, error) { return map[string]any{}, nil }

// kind returns values of its own types.
func kind(s string) any {
	if s == "" {
		return 0
	}
	return s
}

func H(in []string, q string, raw []byte) {
	built := []string{q}
	grown := append(built, q)
	digest := sha256.Sum256([]byte(q))
	var decoded any
	_ = json.Unmarshal(raw, &decoded)
	check("literal", built)
	check("append to a literal", grown)
	check("make", make([]int, 3))
	check("a function that builds", list(3))
	check("an array", digest)
	check("a slice of an array", digest[:])
	check("the hex of a digest", hex.EncodeToString(digest[:]))
	av, _ := avail(2)
	av = prefer(av, true)
	check("a function's first result, filtered", av)
	check("-a filtered parameter", prefer(in, true))
	check("-a parameter", in)
	check("-a function that returns its argument", pick(in))
	check("-a split", strings.Split(q, ","))
	check("-the hex of a parameter", hex.EncodeToString(raw))
	check("-append of a parameter's elements", append(built, in...))
	check("typed: a concrete value", q)
	check("typed: a function of its own types", kind(q))
	check("-typed: decoded", decoded)
	check("typed: a library's own interface", reflect.TypeOf(q))
	var body any = &built
	body, _ = shape(body, true)
	check("typed: its own value, passed through", body)
	through, _ := shape(decoded, true)
	check("-typed: decoded, passed through", through)
	v, _ := store.Load(q)
	check("-typed: what a library's any holds", v)
}
`
	r, sp, _ := load(t, src)
	fd := sp.File.Decls[len(sp.File.Decls)-1].(*ast.FuncDecl)
	e := r.Env(fd)
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "check" {
			return true
		}
		name := strings.Trim(call.Args[0].(*ast.BasicLit).Value, `"`)
		want := !strings.HasPrefix(name, "-")
		name = strings.TrimPrefix(name, "-")
		var got bool
		if rest, ok := strings.CutPrefix(name, "typed: "); ok {
			name, got = rest, e.Typed(call.Args[1])
		} else {
			got = e.Built(call.Args[1])
		}
		if got != want {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
		return true
	})
}

// TestEmptyBySignature: the functions New skips are those whose every
// fact is empty whatever their body — no result, nothing to fill (a
// pointer or interface parameter that is not a source: a handler's
// *gin.Context could be assigned another) — and their environment is
// still made when asked.
func TestEmptyBySignature(t *testing.T) {
	const src = `package p

import (
	"encoding/json"
	"os"

	"github.com/gin-gonic/gin"
)

type T struct{ v any }

func noResult(n int, s string) { _ = json.Unmarshal([]byte(s), new(any)) }
func params(ps gin.Params)     { b := ps[0]; _ = b }
func handler(c *gin.Context)   {}
func result(n int) int         { return n }
func fills(p *T)               { raw, _ := os.ReadFile("f"); _ = json.Unmarshal(raw, p) }
func fillsAny(p any)           { raw, _ := os.ReadFile("f"); _ = json.Unmarshal(raw, p) }
func (t T) valueRecv(s string) {}
func (t *T) ptrRecv()          { raw, _ := os.ReadFile("f"); _ = json.Unmarshal(raw, t) }
`
	r, sp, facts := load(t, src)
	funcNamed := func(name string) *types.Func {
		for _, d := range sp.File.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == name {
				return sp.Info.Defs[fd.Name].(*types.Func)
			}
		}
		t.Fatalf("no function %s", name)
		return nil
	}
	want := map[string]bool{"noResult": true, "params": true, "handler": false, "result": false, "fills": false, "fillsAny": false, "valueRecv": true, "ptrRecv": false}
	for name, empty := range want {
		fn := funcNamed(name)
		if got := emptyBySignature(fn.Signature()); got != empty {
			t.Errorf("emptyBySignature(%s) = %v, want %v", name, got, empty)
		}
		if f := r.Fact(fn); empty && (f == nil || *f != (Fact{})) {
			t.Errorf("%s: fact %v, want the empty fact", name, f)
		}
	}
	for _, name := range []string{"fills", "fillsAny", "ptrRecv"} {
		if f := facts[funcNamed(name)]; f == nil || f.Fills == 0 {
			t.Errorf("%s: fact %v, want it to fill a parameter", name, f)
		}
	}
	if l := labelOf(t, r, sp, "params", "b"); l&Ext == 0 {
		t.Errorf("params' b: label %v, want outside data (its environment is made on demand)", l)
	}
}
