// Package frameworks describes the request-context types that web
// frameworks recycle between requests, and how each can be handed to a
// goroutine safely. Types are matched by package path and name, never by
// how the user's file spells them.
package frameworks

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// A Type is a request-context type that must not be used after the handler
// that received it returns.
type Type struct {
	Framework string // "gin", "echo", ... (the package name, for -context-types)
	// Configured marks a type from -context-types: its copy method is
	// found by shape.
	Configured bool
	PkgPath    string
	Name       string
	// Interface marks an interface type (echo.Context, fiber v3's Ctx,
	// http.ResponseWriter): messages name it without a star.
	Interface bool
	// Copy names the method that returns a copy safe to use from another
	// goroutine, if the framework has one (gin's and hertz's Copy).
	Copy string
	// CopyCannotWrite lists methods (and fields, for Writer) that write the
	// response: calling them on a copy panics, because a copy has no writer.
	CopyCannotWrite []string
	// SafeFields are fields whose values are not recycled with the context
	// (gin's Request belongs to net/http, not to the pool).
	SafeFields []string
	// Retaining are methods whose results alias memory that is recycled
	// with the context (fiber's strings point into fasthttp's buffers).
	Retaining []string
	// Handoff says, in a few words, how to give a goroutine what it needs.
	Handoff string
	// Recovery names what recovers a panic on the goroutine that serves
	// the request (and on no other).
	Recovery string
}

func (t *Type) String() string {
	if t.Framework == "net/http" {
		return "http." + t.Name
	}
	return shortName(t.PkgPath) + "." + t.Name
}

// shortName is how a package path is named in messages: its last element,
// or the one before a major-version suffix (github.com/labstack/echo/v4
// is echo).
func shortName(path string) string {
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return path
	}
	pkg := path[i+1:]
	if len(pkg) > 1 && pkg[0] == 'v' && pkg[1] >= '0' && pkg[1] <= '9' { // echo/v4
		pkg = path[strings.LastIndex(path[:i], "/")+1 : i]
	}
	return pkg
}

// HasCopy reports whether the type has a copy method.
func (t *Type) HasCopy() bool { return t.Copy != "" }

// ginWriters are the methods of *gin.Context that write the response
// (gin v1.10–v1.12 context.go), plus Writer, the field they write through.
var ginWriters = []string{
	"Writer", "Status", "Header", "SetCookie", "SetSameSite", "Render",
	"HTML", "IndentedJSON", "SecureJSON", "JSONP", "JSON", "AsciiJSON",
	"PureJSON", "XML", "YAML", "TOML", "ProtoBuf", "String", "Redirect",
	"Data", "DataFromReader", "File", "FileFromFS", "FileAttachment",
	"SSEvent", "Stream", "Negotiate", "AbortWithStatus", "AbortWithStatusJSON",
	"AbortWithStatusPureJSON", "AbortWithError", "BSON",
}

// hertzWriters are the methods of *app.RequestContext that write the
// response.
var hertzWriters = []string{
	"Response", "Status", "SetStatusCode", "Header", "SetContentType",
	"SetBodyString", "SetBodyStream", "Write", "WriteString", "Render",
	"HTML", "JSON", "PureJSON", "IndentedJSON", "XML", "String", "Redirect",
	"Data", "File", "FileAttachment", "ProtoBuf", "AbortWithStatus",
	"AbortWithMsg", "AbortWithStatusJSON", "AbortWithError", "SetCookie",
	"NotFound", "NotModified",
}

// fiberStrings are fiber v2 methods whose results alias the request's
// pooled buffers unless the app runs with Immutable (fiber docs,
// "Zero Allocation").
var fiberStrings = []string{
	"Body", "BodyRaw", "Params", "Query", "Get", "GetReqHeaders", "Cookies",
	"FormValue", "OriginalURL", "Path", "Hostname", "BaseURL", "Protocol",
	"Method", "IP", "IPs", "Context", "Request", "Response", "Route",
}

// fiberV3Strings are the fiber v3 methods of Ctx whose results alias the
// request's pooled memory unless the app runs with Immutable: v2's list,
// where Context now returns the user's context.Context (not the pooled
// *fasthttp.RequestCtx, which RequestCtx returns), plus Req and Res, the
// request and response views (fiber v3.1.0 ctx_interface_gen.go).
var fiberV3Strings = []string{
	"Body", "BodyRaw", "Params", "Query", "Get", "GetReqHeaders", "Cookies",
	"FormValue", "OriginalURL", "Path", "Hostname", "BaseURL", "Protocol",
	"Method", "IP", "IPs", "RequestCtx", "Request", "Response", "Route",
	"Req", "Res", "Host", "Scheme",
}

// Builtin is the table of known frameworks; gin first.
func Builtin() []*Type {
	return []*Type{
		{
			Framework: "gin", Recovery: "gin.Recovery", PkgPath: ginPath, Name: "Context",
			Copy: "Copy", CopyCannotWrite: ginWriters, SafeFields: []string{"Request", "Keys"},
			Handoff: "call %[1]s.Copy() in the handler and use the copy",
		},
		{
			Framework: "hertz", Recovery: "hertz's recovery middleware", PkgPath: "github.com/cloudwego/hertz/pkg/app", Name: "RequestContext",
			Copy: "Copy", CopyCannotWrite: hertzWriters,
			Handoff: "call %[1]s.Copy() in the handler and use the copy",
		},
		{
			Framework: "echo", Recovery: "echo's Recover middleware", PkgPath: echoPath, Name: "Context", Interface: true,
			Retaining: []string{"Response"},
			Handoff:   "extract the values the goroutine needs before starting it",
		},
		{
			Framework: "fiber", Recovery: "fiber's recover middleware", PkgPath: fiberPath, Name: "Ctx",
			Retaining: fiberStrings,
			Handoff:   "extract the values the goroutine needs before starting it, copying strings (utils.CopyString)",
		},
		{
			// fiber v3's Ctx is an interface (DefaultCtx implements it)
			// and is recycled by app.ReleaseCtx after the handler
			// returns, like v2's *Ctx.
			Framework: "fiber", Recovery: "fiber's recover middleware", PkgPath: fiber3, Name: "Ctx", Interface: true,
			Retaining: fiberV3Strings,
			Handoff:   "extract the values the goroutine needs before starting it, copying strings (utils.CopyString)",
		},
		{
			Framework: "fiber", Recovery: "fiber's recover middleware", PkgPath: fiber3, Name: "DefaultCtx",
			Retaining: fiberV3Strings,
			Handoff:   "extract the values the goroutine needs before starting it, copying strings (utils.CopyString)",
		},
		{
			Framework: "fasthttp", Recovery: "a recover in the request handler", PkgPath: "github.com/valyala/fasthttp", Name: "RequestCtx",
			Handoff: "extract the values the goroutine needs before starting it",
		},
		{
			// net/http recycles the response's buffered writer once
			// ServeHTTP returns: "A ResponseWriter may not be used after
			// [Handler.ServeHTTP] has returned" (net/http docs).
			Framework: "net/http", Recovery: "net/http's handler recovery", PkgPath: "net/http", Name: "ResponseWriter", Interface: true,
			Handoff: "write the response in the handler, or wait for the goroutine before returning",
		},
	}
}

// ParseType parses a -context-types entry: "pkg/path.Type" or
// "*pkg/path.Type" (the star is accepted for readability; matching is on the
// named type either way).
func ParseType(spec string) (*Type, error) {
	s, star := strings.CutPrefix(strings.TrimSpace(spec), "*")
	dot := strings.LastIndex(s, ".")
	if dot <= 0 || dot == len(s)-1 || strings.LastIndex(s, "/") > dot {
		return nil, fmt.Errorf("invalid context type %q: want pkg/path.Type or *pkg/path.Type", spec)
	}
	pkg, name := s[:dot], s[dot+1:]
	if strings.ContainsAny(pkg, "()*") || !token.IsIdentifier(name) {
		// "**p.T", "(p.T)", "p.*T", "p.T[X]": no named type is spelled
		// so, and the entry would silently match nothing.
		return nil, fmt.Errorf("invalid context type %q: want pkg/path.Type or *pkg/path.Type", spec)
	}
	// Messages spell the type as the user did: with the star for a
	// struct type's pointer, without for an interface.
	t := &Type{Framework: shortName(pkg), PkgPath: pkg, Name: name, Configured: true, Interface: !star}
	t.Handoff = "extract the values the goroutine needs before starting it"
	return t, nil
}

// Table is a set of pooled context types.
type Table struct {
	types []*Type
	// pkgs holds the package paths, for the fast path.
	pkgs map[string]bool
}

// NewTable returns the builtin types plus extra.
func NewTable(extra []*Type) *Table {
	t := &Table{pkgs: map[string]bool{}}
	for _, x := range append(Builtin(), extra...) {
		t.types = append(t.types, x)
		t.pkgs[x.PkgPath] = true
	}
	return t
}

// Packages returns the package paths that define pooled types.
func (t *Table) Packages() map[string]bool { return t.pkgs }

// Lookup returns the pooled type that typ is (a pointer to, for struct
// types), or nil. Aliases are resolved; a local type named Context is not a
// match.
func (t *Table) Lookup(typ types.Type) *Type {
	if typ == nil {
		return nil
	}
	named := astx.NamedOf(typ)
	if named == nil {
		return nil
	}
	obj := named.Obj()
	if obj.Pkg() == nil {
		return nil
	}
	path := obj.Pkg().Path()
	if !t.pkgs[path] {
		return nil
	}
	for _, x := range t.types {
		if x.PkgPath == path && x.Name == obj.Name() {
			if x.Copy == "" && x.Configured {
				// A -context-types entry: offer Copy if the type has a
				// method Copy() returning the same type.
				if m, _, _ := types.LookupFieldOrMethod(named, true, obj.Pkg(), "Copy"); m != nil {
					if sig, ok := m.Type().(*types.Signature); ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && sameNamed(sig.Results().At(0).Type(), obj) {
						cp := *x
						cp.Copy = "Copy"
						cp.Handoff = "call %[1]s.Copy() in the handler and use the copy"
						return &cp
					}
				}
			}
			return x
		}
	}
	return nil
}

// Handoff returns the type's advice with the user's variable name.
func (t *Type) HandoffFor(name string) string {
	if strings.Contains(t.Handoff, "%[1]s") {
		return fmt.Sprintf(t.Handoff, name)
	}
	return t.Handoff
}

// IsWriter reports whether method or field name writes the response when
// called on a copy of t.
func (t *Type) IsWriter(name string) bool {
	for _, w := range t.CopyCannotWrite {
		if w == name {
			return true
		}
	}
	return false
}

// IsSafeField reports whether field name of t is not recycled with it.
func (t *Type) IsSafeField(name string) bool {
	for _, f := range t.SafeFields {
		if f == name {
			return true
		}
	}
	return false
}

// IsRetaining reports whether method name of t returns memory recycled
// with it.
func (t *Type) IsRetaining(name string) bool {
	for _, f := range t.Retaining {
		if f == name {
			return true
		}
	}
	return false
}

// sameNamed reports whether t is (a pointer to) the named type obj.
func sameNamed(t types.Type, obj *types.TypeName) bool {
	named := astx.NamedOf(t)
	return named != nil && named.Obj() == obj
}
