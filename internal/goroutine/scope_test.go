package goroutine

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"sort"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// scopeName names a handler for the tables: its name, "lit" for a
// literal, "-" for none.
func scopeName(n ast.Node) string {
	switch n := n.(type) {
	case nil:
		return "-"
	case *ast.FuncDecl:
		return n.Name.Name
	case *ast.FuncLit:
		return "lit"
	}
	return fmt.Sprintf("%T", n)
}

// The request scope of launches and calls, one row per shape: want lists,
// for every launch and every call of note() in source order, the handler
// it runs in ("-": it runs at setup or in the background).
func TestRequestScope(t *testing.T) {
	kit := &frameworks.Type{Framework: "kit", PkgPath: "example.com/kit", Name: "Ctx", Configured: true}
	for _, tc := range []struct {
		name, imports, src string
		cfg                Config
		want               []string
	}{
		// Framework handlers, each by its own context type.
		{"gin handler", "github.com/gin-gonic/gin", `func H(c *gin.Context) { go work(); note() }`,
			Config{}, []string{"H", "H"}},
		{"echo handler", "github.com/labstack/echo/v4", `func H(c echo.Context) error { go work(); return nil }`,
			Config{}, []string{"H"}},
		{"fiber v2 handler", "github.com/gofiber/fiber/v2", `func H(c *fiber.Ctx) error { go work(); return nil }`,
			Config{}, []string{"H"}},
		{"fiber v3 handler", "github.com/gofiber/fiber/v3", `func H(c fiber.Ctx) error { go work(); return nil }`,
			Config{}, []string{"H"}},
		{"hertz handler", "context github.com/cloudwego/hertz/pkg/app", `func H(ctx context.Context, c *app.RequestContext) { go work() }`,
			Config{}, []string{"H"}},
		{"fasthttp handler", "github.com/valyala/fasthttp", `func H(ctx *fasthttp.RequestCtx) { go work() }`,
			Config{}, []string{"H"}},
		{"net/http handler", "net/http", `func H(w http.ResponseWriter, r *http.Request) { go work() }`,
			Config{}, []string{"H"}},
		{"ServeHTTP", "net/http", `type S struct{}; func (S) ServeHTTP(w http.ResponseWriter, r *http.Request) { go work() }`,
			Config{}, []string{"ServeHTTP"}},
		{"method on a handler struct", "github.com/gin-gonic/gin", `type API struct{}; func (a *API) List(c *gin.Context) { go work() }`,
			Config{}, []string{"List"}},
		// A configured type (-context-types) makes a handler too.
		{"configured context type", "example.com/kit", `func H(c *kit.Ctx) { go work() }`,
			Config{ContextTypes: []*frameworks.Type{kit}}, []string{"H"}},
		{"configured context type, not configured", "example.com/kit", `func H(c *kit.Ctx) { go work() }`,
			Config{}, []string{"-"}},
		// Setup code around handler literals: the literal is the
		// request scope, the function that registers it is not.
		{"handler literal in setup", "github.com/gin-gonic/gin", `func Setup(r *gin.Engine) {
				go work()
				note()
				r.GET("/", func(c *gin.Context) { go work(); note() })
			}`, Config{}, []string{"-", "-", "lit", "lit"}},
		{"net/http literal in setup", "net/http", `func Setup() { http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { go work() }) }`,
			Config{}, []string{"lit"}},
		// A middleware factory's own body runs at setup; the closure it
		// returns, per request.
		{"middleware factory", "github.com/gin-gonic/gin", `func MW() gin.HandlerFunc {
				go work()
				return func(c *gin.Context) { go work() }
			}`, Config{}, []string{"-", "lit"}},
		// Literals and goroutines nested in a handler are in its scope:
		// the innermost handler around them.
		{"nested in a handler", "github.com/gin-gonic/gin", `func H(c *gin.Context) {
				defer func() { go work() }()
				go func() {
					go work()
					note()
				}()
			}`, Config{}, []string{"H", "H", "H", "H"}},
		{"handler literal in a handler", "github.com/gin-gonic/gin", `func H(c *gin.Context) { _ = func(c2 *gin.Context) { go work() } }`,
			Config{}, []string{"lit"}},
		// Not handlers: a request alone, a plain context, a local type
		// named Context, a handler type as a parameter, a pointer to a
		// pointer, package-level code.
		{"request alone", "net/http", `func F(r *http.Request) { go work() }`,
			Config{}, []string{"-"}},
		{"context.Context", "context", `func F(ctx context.Context) { go work() }`,
			Config{}, []string{"-"}},
		{"local Context", "", `type Context struct{}; func F(c *Context) { go work() }`,
			Config{}, []string{"-"}},
		{"handler type as a parameter", "github.com/gin-gonic/gin", `func Use(h gin.HandlerFunc) { go work() }`,
			Config{}, []string{"-"}},
		{"pointer to a pointer", "github.com/gin-gonic/gin", `func F(c **gin.Context) { go work() }`,
			Config{}, []string{"-"}},
		{"package level", "", `var _ = func() int { go work(); note(); return 0 }()`,
			Config{}, []string{"-", "-"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps := map[string]string{"example.com/kit": "package kit\ntype Ctx struct{}"}
			tp := loadWith(t, deps, srctest.Src(tc.imports, "func work() {}\nfunc note() {}\n"+tc.src), tc.cfg)
			type item struct {
				pos  int
				name string
			}
			var items []item
			for _, l := range tp.model.Launches() {
				h := tp.model.HandlerAround(l)
				if tp.model.InRequestScope(l) != (h != nil) {
					t.Errorf("InRequestScope = %v, HandlerAround = %s: they disagree", tp.model.InRequestScope(l), scopeName(h))
				}
				items = append(items, item{int(l.Pos()), scopeName(h)})
			}
			for cur := range tp.model.insp.Root().Preorder((*ast.CallExpr)(nil)) {
				if id, ok := cur.Node().(*ast.CallExpr).Fun.(*ast.Ident); ok && id.Name == "note" {
					items = append(items, item{int(cur.Node().Pos()), scopeName(tp.model.RequestHandlerAt(cur))})
				}
			}
			sort.Slice(items, func(i, j int) bool { return items[i].pos < items[j].pos })
			var got []string
			for _, it := range items {
				got = append(got, it.name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("scopes = %q, want %q", got, tc.want)
			}
		})
	}
}

// HandlerParams: the pooled parameters of a handler, by the table's type,
// and only those.
func TestHandlerParams(t *testing.T) {
	src := srctest.Src("context net/http github.com/gin-gonic/gin github.com/cloudwego/hertz/pkg/app", `
func Gin(c *gin.Context) {}
func Hertz(ctx context.Context, c *app.RequestContext) {}
func HTTP(w http.ResponseWriter, r *http.Request) {}
func Two(c *gin.Context, w http.ResponseWriter) {}
func Plain(ctx context.Context, n int) {}
var Lit = func(x int, c *gin.Context) {}
`)
	tp := load(t, src, Config{})
	for _, tc := range []struct {
		fn   string
		want []string // name:type
	}{
		{"Gin", []string{"c:gin.Context"}},
		{"Hertz", []string{"c:app.RequestContext"}}, // not ctx
		{"HTTP", []string{"w:http.ResponseWriter"}}, // not r
		{"Two", []string{"c:gin.Context", "w:http.ResponseWriter"}},
		{"Plain", nil},
		{"Lit", []string{"c:gin.Context"}}, // a literal
	} {
		var node ast.Node
		ast.Inspect(tp.pass.Files[0], func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name == tc.fn {
					node = n
				}
			case *ast.ValueSpec:
				if n.Names[0].Name == tc.fn {
					node = n.Values[0]
				}
			}
			return node == nil
		})
		var got []string
		for _, p := range tp.model.HandlerParams(node) {
			got = append(got, p.Var.Name()+":"+p.Type.String())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("HandlerParams(%s) = %q, want %q", tc.fn, got, tc.want)
		}
		if is := tp.model.IsHandler(node); is != (tc.want != nil) {
			t.Errorf("IsHandler(%s) = %v, want %v", tc.fn, is, tc.want != nil)
		}
	}
	// Not a function: no parameters, no handler.
	if ps, is := tp.model.HandlerParams(tp.pass.Files[0]), tp.model.IsHandler(tp.pass.Files[0]); ps != nil || is {
		t.Errorf("HandlerParams(file) = %v, IsHandler = %v; want none", ps, is)
	}
}

// IsContextLike and IsPackageVar, by the type or variable of each
// package-level variable of the snippet (v*) or local of F (l*).
func TestContextLikeAndPackageVars(t *testing.T) {
	tp := load(t, srctest.Src("context os github.com/gin-gonic/gin github.com/labstack/echo/v4", `
type carrier struct{ context.Context }
type doneOnly struct{}
func (doneOnly) Done() <-chan struct{} { return nil }
type S struct{ field int }

var (
	vCtx     context.Context
	vGin     *gin.Context
	vEcho    echo.Context
	vCarrier carrier
	vDone    doneOnly
	vInt     int
)

func F() {
	lLocal := 0
	_ = lLocal
	_ = os.Args
}
`), Config{})
	scope := tp.pass.Pkg.Scope()
	for _, tc := range []struct {
		v    string
		want bool
	}{
		{"vCtx", true},
		{"vGin", true},     // *gin.Context has the four methods
		{"vEcho", false},   // echo.Context does not: c.Request().Context() does
		{"vCarrier", true}, // promoted from an embedded context
		{"vDone", false},   // Done alone is not enough
		{"vInt", false},
	} {
		if got := IsContextLike(scope.Lookup(tc.v).Type()); got != tc.want {
			t.Errorf("IsContextLike(%s) = %v, want %v", tc.v, got, tc.want)
		}
	}
	if IsContextLike(nil) {
		t.Error("IsContextLike(nil) = true")
	}

	var local, args *types.Var
	for id, obj := range tp.pass.TypesInfo.Defs {
		if id.Name == "lLocal" {
			local = obj.(*types.Var)
		}
	}
	for id, obj := range tp.pass.TypesInfo.Uses {
		if id.Name == "Args" {
			args = obj.(*types.Var)
		}
	}
	field := scope.Lookup("S").Type().Underlying().(*types.Struct).Field(0)
	for _, tc := range []struct {
		name string
		v    *types.Var
		want bool
	}{
		{"package var", scope.Lookup("vInt").(*types.Var), true},
		{"another package's var", args, true},
		{"local", local, false},
		{"field", field, false},
		{"nil", nil, false},
	} {
		if got := IsPackageVar(tc.v); got != tc.want {
			t.Errorf("IsPackageVar(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
