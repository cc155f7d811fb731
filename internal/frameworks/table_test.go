package frameworks

import (
	"fmt"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// describe is what the tables say of a Lookup result: the type as
// messages name it, its framework, its copy method, and whether it is an
// interface; "-" for no pooled type.
func describe(x *Type) string {
	if x == nil {
		return "-"
	}
	return fmt.Sprintf("%s %s copy=%s iface=%v", x, x.Framework, x.Copy, x.Interface)
}

// Every builtin entry is found by its package path and name, and only by
// them: each row is one entry, looked up through a type of its own with
// that path and name.
func TestBuiltinLookup(t *testing.T) {
	tab := NewTable(nil)
	seen := map[string]bool{}
	for _, x := range Builtin() {
		key := x.PkgPath + "." + x.Name
		if seen[key] {
			t.Errorf("%s listed twice", key)
		}
		seen[key] = true
		if !tab.Packages()[x.PkgPath] {
			t.Errorf("Packages() misses %s", x.PkgPath)
		}
		typ := named(x.PkgPath, x.Name, x.Interface)
		if got := tab.Lookup(typ); got != x && (got == nil || got.PkgPath != x.PkgPath || got.Name != x.Name) {
			t.Errorf("Lookup(%s) = %s, want the entry %s", key, describe(got), describe(x))
		}
		// The same name in another package, and another name in the
		// same package, are not the entry.
		if got := tab.Lookup(named("example.com/fork", x.Name, x.Interface)); got != nil {
			t.Errorf("Lookup(%s in another package) = %s, want none", x.Name, describe(got))
		}
		if got := tab.Lookup(named(x.PkgPath, x.Name+"X", false)); got != nil {
			t.Errorf("Lookup(%s.%sX) = %s, want none", x.PkgPath, x.Name, describe(got))
		}
	}
}

// fiberV3 stands in for the shared stub of fiber v3, which has no
// DefaultCtx; the old echo path and fiber v1 are modules of their own,
// not in the table.
var frameworkDeps = map[string]string{
	"github.com/gofiber/fiber/v3": `package fiber
type Ctx interface{ Params(key string) string }
type DefaultCtx struct{}
func (c *DefaultCtx) Params(key string) string { return "" }`,
	"github.com/labstack/echo": `package echo
type Context interface{ Param(name string) string }`,
	"github.com/gofiber/fiber": `package fiber
type Ctx struct{}`,
}

// Lookup on the types of a type-checked file, as the user's code spells
// them: one row per variable of the file, by its type.
func TestLookupSpelled(t *testing.T) {
	p := srctest.Check(t, `package p

import (
	"net/http"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/gin-gonic/gin"
	g "github.com/gin-gonic/gin"
	echo3 "github.com/labstack/echo"
	"github.com/labstack/echo/v4"
	fiber1 "github.com/gofiber/fiber"
	fiber2 "github.com/gofiber/fiber/v2"
	fiber3 "github.com/gofiber/fiber/v3"
	"github.com/valyala/fasthttp"
)

type Context struct{}
type Alias = gin.Context
type PtrAlias = *gin.Context
type Defined gin.Context
type Embeds struct{ *gin.Context }

var (
	vGin        *gin.Context
	vGinValue   gin.Context
	vRenamed    *g.Context
	vAlias      *Alias
	vPtrAlias   PtrAlias
	vDefined    *Defined
	vEmbeds     *Embeds
	vPtrPtr     **gin.Context
	vSlice      []*gin.Context
	vFunc       gin.HandlerFunc
	vEngine     *gin.Engine
	vLocal      *Context
	vEcho       echo.Context
	vEchoOld    echo3.Context
	vFiber1     *fiber1.Ctx
	vFiber2     *fiber2.Ctx
	vFiber3     fiber3.Ctx
	vFiber3Impl *fiber3.DefaultCtx
	vHertz      *app.RequestContext
	vFast       *fasthttp.RequestCtx
	vWriter     http.ResponseWriter
	vRequest    *http.Request
)
`, srctest.Options{Deps: frameworkDeps})
	tab := NewTable(nil)
	for _, tc := range []struct {
		v, want string
	}{
		// gin, however the file spells it: a pointer or a value, an
		// import renamed, an alias of the type or of its pointer.
		{"vGin", "gin.Context gin copy=Copy iface=false"},
		{"vGinValue", "gin.Context gin copy=Copy iface=false"},
		{"vRenamed", "gin.Context gin copy=Copy iface=false"},
		{"vAlias", "gin.Context gin copy=Copy iface=false"},
		{"vPtrAlias", "gin.Context gin copy=Copy iface=false"},
		// Not gin's Context: a type defined from it, a struct that
		// embeds it, a pointer to a pointer, a slice, the handler type,
		// another type of gin, a local type named Context.
		{"vDefined", "-"},
		{"vEmbeds", "-"},
		{"vPtrPtr", "-"},
		{"vSlice", "-"},
		{"vFunc", "-"},
		{"vEngine", "-"},
		{"vLocal", "-"},
		// echo v4's interface; not the pre-v4 module path.
		{"vEcho", "echo.Context echo copy= iface=true"},
		{"vEchoOld", "-"},
		// fiber: v2's struct, v3's interface and its implementation;
		// not v1.
		{"vFiber1", "-"},
		{"vFiber2", "fiber.Ctx fiber copy= iface=false"},
		{"vFiber3", "fiber.Ctx fiber copy= iface=true"},
		{"vFiber3Impl", "fiber.DefaultCtx fiber copy= iface=false"},
		{"vHertz", "app.RequestContext hertz copy=Copy iface=false"},
		{"vFast", "fasthttp.RequestCtx fasthttp copy= iface=false"},
		// net/http: the writer is pooled, the request is not.
		{"vWriter", "http.ResponseWriter net/http copy= iface=true"},
		{"vRequest", "-"},
	} {
		obj := p.Pkg.Scope().Lookup(tc.v)
		if obj == nil {
			t.Fatalf("no var %s", tc.v)
		}
		if got := describe(tab.Lookup(obj.Type())); got != tc.want {
			t.Errorf("Lookup(%s %s) = %s, want %s", tc.v, obj.Type(), got, tc.want)
		}
	}
	// The v2 and v3 entries are told apart by path, not by name: v3's
	// retains RequestCtx, v2's Context.
	v2 := tab.Lookup(p.Pkg.Scope().Lookup("vFiber2").Type())
	v3 := tab.Lookup(p.Pkg.Scope().Lookup("vFiber3").Type())
	if v2 == nil || v3 == nil || !v2.IsRetaining("Context") || v2.IsRetaining("RequestCtx") || v3.IsRetaining("Context") || !v3.IsRetaining("RequestCtx") {
		t.Errorf("fiber v2 and v3 entries mixed up: v2 %+v, v3 %+v", v2, v3)
	}
}

// -context-types entries: matched by path and name; a copy method is
// offered when the type has a method Copy() returning the same type.
func TestLookupConfigured(t *testing.T) {
	p := srctest.Check(t, `package p

import "example.com/kit"

var (
	vCtx   *kit.Ctx
	vVal   kit.ValCopy
	vOther *kit.OtherCopy
	vArg   *kit.ArgCopy
	vTwo   *kit.TwoCopy
	vNone  *kit.NoCopy
	vIface kit.Iface
	vAbsent *kit.Unlisted
)
`, srctest.Options{Deps: map[string]string{"example.com/kit": `package kit
type Ctx struct{}
func (c *Ctx) Copy() *Ctx { return c }
type ValCopy struct{}
func (v ValCopy) Copy() ValCopy { return v }
type OtherCopy struct{}
func (o *OtherCopy) Copy() *Ctx { return nil }
type ArgCopy struct{}
func (a *ArgCopy) Copy(deep bool) *ArgCopy { return a }
type TwoCopy struct{}
func (c *TwoCopy) Copy() (*TwoCopy, error) { return c, nil }
type NoCopy struct{}
type Iface interface{ Copy() Iface }
type Unlisted struct{}
`}})
	var specs []*Type
	for _, s := range []string{"*example.com/kit.Ctx", "example.com/kit.ValCopy", "*example.com/kit.OtherCopy", "*example.com/kit.ArgCopy", "*example.com/kit.TwoCopy", "*example.com/kit.NoCopy", "example.com/kit.Iface"} {
		x, err := ParseType(s)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, x)
	}
	tab := NewTable(specs)
	for _, tc := range []struct {
		v, copy string // copy: the copy method offered; "-" for no match at all
	}{
		{"vCtx", "Copy"},   // Copy() *Ctx
		{"vVal", "Copy"},   // Copy() ValCopy, on a value
		{"vOther", ""},     // Copy returns another type
		{"vArg", ""},       // Copy takes an argument
		{"vTwo", ""},       // Copy returns two results
		{"vNone", ""},      // no Copy
		{"vIface", "Copy"}, // an interface whose Copy returns it
		{"vAbsent", "-"},   // in the package, not configured
	} {
		x := tab.Lookup(p.Pkg.Scope().Lookup(tc.v).Type())
		got := "-"
		if x != nil {
			got = x.Copy
			if !x.Configured || x.PkgPath != "example.com/kit" {
				t.Errorf("Lookup(%s) = %+v, want a configured entry", tc.v, x)
			}
		}
		if got != tc.copy {
			t.Errorf("Lookup(%s).Copy = %q, want %q", tc.v, got, tc.copy)
		}
		if got == "Copy" && x.HandoffFor("c") != "call c.Copy() in the handler and use the copy" {
			t.Errorf("Lookup(%s).HandoffFor(c) = %q, want the copy advice", tc.v, x.HandoffFor("c"))
		}
	}
	// The spec itself is left alone: the table is shared by every
	// package of a run.
	if specs[0].Copy != "" {
		t.Errorf("Lookup wrote %q into the configured spec", specs[0].Copy)
	}
}

// What the entries say of their methods and fields, and the advice with
// the user's variable name.
func TestTypeFacts(t *testing.T) {
	byName := map[string]*Type{}
	for _, x := range Builtin() {
		byName[x.String()] = x
	}
	for _, tc := range []struct {
		typ, name    string
		writer, safe bool
		retaining    bool
	}{
		{"gin.Context", "JSON", true, false, false},
		{"gin.Context", "Writer", true, false, false},
		{"gin.Context", "Request", false, true, false},
		{"gin.Context", "Param", false, false, false},
		{"app.RequestContext", "SetStatusCode", true, false, false},
		{"echo.Context", "Response", false, false, true},
		{"fiber.Ctx", "Params", false, false, true},
	} {
		x := byName[tc.typ]
		if x == nil {
			t.Fatalf("no builtin %s", tc.typ)
		}
		if x.IsWriter(tc.name) != tc.writer || x.IsSafeField(tc.name) != tc.safe || x.IsRetaining(tc.name) != tc.retaining {
			t.Errorf("%s.%s: writer %v, safe %v, retaining %v; want %v, %v, %v", tc.typ, tc.name,
				x.IsWriter(tc.name), x.IsSafeField(tc.name), x.IsRetaining(tc.name), tc.writer, tc.safe, tc.retaining)
		}
	}
	if got := byName["gin.Context"].HandoffFor("ctx"); got != "call ctx.Copy() in the handler and use the copy" {
		t.Errorf("gin HandoffFor(ctx) = %q", got)
	}
	if got := byName["echo.Context"].HandoffFor("ctx"); got != "extract the values the goroutine needs before starting it" {
		t.Errorf("echo HandoffFor(ctx) = %q", got)
	}
	if !byName["gin.Context"].HasCopy() || byName["echo.Context"].HasCopy() {
		t.Errorf("HasCopy: gin %v, echo %v; want true, false", byName["gin.Context"].HasCopy(), byName["echo.Context"].HasCopy())
	}
}

// ParseType, one row per spelling of a -context-types entry: what it
// parses to ("path name iface framework"), or "error".
func TestParseTypeSpellings(t *testing.T) {
	for _, tc := range []struct {
		spec, want string
	}{
		{"*example.com/kit.Ctx", "example.com/kit Ctx false kit"},
		{"example.com/kit.Ctx", "example.com/kit Ctx true kit"},
		{"  *example.com/kit.Ctx\t", "example.com/kit Ctx false kit"},   // spaces trimmed
		{"gopkg.in/yaml.v3.Node", "gopkg.in/yaml.v3 Node true yaml.v3"}, // dots in the path
		{"kit.Ctx", "kit Ctx true kit"},                                 // a path of one element
		{"example.com/kit/v2.Ctx", "example.com/kit/v2 Ctx true kit"},   // messages name kit, not v2
		{"", "error"},
		{"*", "error"},
		{".Ctx", "error"},
		{"example.com/kit.", "error"},
		{"example.com/kit", "error"},
		{"example.com/kit.Ctx/x", "error"},
		// Spellings no type can have: they would never match, silently.
		{"**example.com/kit.Ctx", "error"},
		{"(*example.com/kit.Ctx)", "error"},
		{"example.com/kit.*Ctx", "error"},
		{"example.com/kit.Ctx[T]", "error"},
	} {
		got := "error"
		if x, err := ParseType(tc.spec); err == nil {
			got = fmt.Sprintf("%s %s %v %s", x.PkgPath, x.Name, x.Interface, x.Framework)
			if !x.Configured || x.Copy != "" || x.HandoffFor("c") != "extract the values the goroutine needs before starting it" {
				t.Errorf("ParseType(%q) = %+v, want a configured type without a copy method", tc.spec, x)
			}
		}
		if got != tc.want {
			t.Errorf("ParseType(%q) = %s, want %s", tc.spec, got, tc.want)
		}
	}
}
