package ctxcopy

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// retentionPrelude declares a pooled context type (configured as
// *p.Ctx) with a copy method and a key store, and helpers the cases use.
const retentionPrelude = `package p

import "context"

type Ctx struct{ context.Context; keys map[string]any }

func (c *Ctx) Param() string          { return "" }
func (c *Ctx) Copy() *Ctx             { return &Ctx{} }
func (c *Ctx) Set(k string, v any)    { c.keys[k] = v }
func (c *Ctx) Get(k string) any       { return c.keys[k] }

type job struct{ c *Ctx; id string }

type summary struct{ id string }

func wrap(c *Ctx) *job        { return &job{c: c} }
func summarize(c *Ctx) *summary { return &summary{id: c.Param()} }
func check(c *Ctx) error      { return nil }

var _ = context.Background
`

// TestRetention checks, one small handler at a time, which of its
// variables hold the pooled context c.
func TestRetention(t *testing.T) {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil) // one, so that context is checked once
	for _, tc := range []struct {
		name, body string
		want       []string // the variables that hold c, c excluded
	}{
		{"alias", `d := c; _ = d`, []string{"d"}},
		{"conversion", `var ctx context.Context = c; _ = ctx`, []string{"ctx"}},
		{"derived", `ctx, cancel := context.WithCancel(c); _, _ = ctx, cancel`, []string{"ctx"}},
		{"field", `j := &job{c: c}; _ = j`, []string{"j"}},
		{"field assigned", `var j job; j.c = c; _ = j`, []string{"j"}},
		{"closure", `f := func() { _ = c.Param() }; _ = f`, []string{"f"}},
		{"method value", `f := c.Param; _ = f`, []string{"f"}},
		{"extracted", `id := c.Param(); _ = id`, nil},
		{"copy", `cp := c.Copy(); _ = cp`, nil},
		{"request context", `ctx := context.WithoutCancel(context.Background()); _ = ctx`, nil},
		{"constructor keeps it", `w := wrap(c); _ = w`, []string{"w"}},
		{"constructor keeps a value", `s := summarize(c); _ = s`, nil},
		{"error", `err := check(c); _ = err`, nil},
		{"append", `var list []*Ctx; list = append(list, c); _ = list`, []string{"list"}},
		{"map", `m := map[string]*Ctx{}; m["x"] = c; _ = m`, []string{"m"}},
		{"key store", `c.Set("j", &job{c: c}); v := c.Get("j"); _ = v`, []string{"v"}},
		{"key store of values", `c.Set("id", c.Param()); v := c.Get("id"); _ = v`, nil},
		{"literal argument", `func(x *Ctx) { _ = x }(c)`, nil}, // x is an origin of its own
		{"literal argument holder", `func(x any) { _ = x }(c)`, []string{"x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := heldIn(t, fset, imp, "func H(c *Ctx) {\n"+tc.body+"\n}\n")
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: variables holding c = %v, want %v", tc.body, got, tc.want)
			}
		})
	}
}

// heldIn type-checks the prelude and src and returns the names of the
// variables of H, other than c, that hold c.
func heldIn(t *testing.T, fset *token.FileSet, imp types.Importer, src string) []string {
	t.Helper()
	f, err := parser.ParseFile(fset, "p.go", retentionPrelude+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{}, Scopes: map[ast.Node]*types.Scope{},
	}
	conf := types.Config{Importer: imp}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{
		Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
	}
	ctxType, err := frameworks.ParseType("*p.Ctx")
	if err != nil {
		t.Fatal(err)
	}
	gm := goroutine.NewModel(pass, inspector.New(pass.Files), goroutine.Config{ContextTypes: []*frameworks.Type{ctxType}})
	m := newModel(pass, gm, nil)
	m.exportRetainsFacts()
	var h *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "H" {
			h = fd
		}
	}
	r := m.pooledRetention(h)
	var out []string
	for obj, o := range r.held {
		if o.Var != nil && obj != types.Object(o.Var) && strings.TrimSpace(obj.Name()) != "" {
			out = append(out, obj.Name())
		}
	}
	slices.Sort(out)
	return out
}
