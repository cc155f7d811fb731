package frameworks

import (
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/apis"
)

// A RequestType is a framework's handler context that carries the
// *http.Request being served, and so the request's context: ctxcancel
// follows a request's context through it. Not every RequestType is a
// pooled Type (echo v3's Context is here, not in Builtin), and not every
// pooled Type carries an *http.Request (fiber's and hertz's do not).
type RequestType struct {
	PkgPath string
	Name    string
	// Interface: the type is an interface, matched as itself; otherwise
	// a struct, matched as a pointer to it (*gin.Context).
	Interface bool
	// Field names the field holding the request (gin's c.Request),
	// Method the method returning it (echo's c.Request()).
	Field, Method string
	// Copy names a method returning a copy that shares the request
	// (gin's c.Copy()).
	Copy string
	// Fallback names the engine's field that, set, makes the context
	// answer Done and Err from its request's context (gin's
	// Engine.ContextWithFallback, gin v1.8+ context.go); the field is
	// matched by the package and its name.
	Fallback string
}

func (t *RequestType) String() string {
	if t.Interface {
		return shortName(t.PkgPath) + "." + t.Name
	}
	return "*" + shortName(t.PkgPath) + "." + t.Name
}

// RequestTypes is the table of request-carrying handler contexts.
var RequestTypes = []*RequestType{
	{PkgPath: ginPath, Name: "Context", Field: "Request", Copy: "Copy", Fallback: "ContextWithFallback"},
	{PkgPath: echoPath, Name: "Context", Interface: true, Method: "Request"},
	// echo v3 (the module path without /v4, v3.3.10) has the same
	// Context interface.
	{PkgPath: "github.com/labstack/echo", Name: "Context", Interface: true, Method: "Request"},
}

// RequestPackages are the packages whose handlers have a request: net/http
// and those of RequestTypes. A package importing none of them cannot name
// one.
func RequestPackages() []string {
	out := []string{"net/http"}
	for _, t := range RequestTypes {
		out = append(out, t.PkgPath)
	}
	return out
}

// RequestTypeOf returns the request-carrying type t is (a pointer to, for
// a struct), through aliases, or nil.
func RequestTypeOf(t types.Type) *RequestType {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		ptr = true
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	for _, x := range RequestTypes {
		if x.PkgPath == n.Obj().Pkg().Path() && x.Name == n.Obj().Name() && ptr != x.Interface {
			return x
		}
	}
	return nil
}

// IsFallbackField reports whether v is the field of a RequestType's
// framework that turns its Fallback on.
func IsFallbackField(v *types.Var) bool {
	if v == nil || !v.IsField() || v.Pkg() == nil {
		return false
	}
	for _, x := range RequestTypes {
		if x.Fallback != "" && x.Fallback == v.Name() && x.PkgPath == v.Pkg().Path() {
			return true
		}
	}
	return false
}

// An Upload is what a call does with the request's multipart data, which
// net/http removes (its temporary files) when ServeHTTP returns.
type Upload uint8

const (
	NoUpload Upload = iota
	// OpensFile opens its receiver, a file of the request's multipart
	// form ((*multipart.FileHeader).Open).
	OpensFile
	// SavesFile saves its first argument, a file of the form (gin's
	// c.SaveUploadedFile(file, dst)).
	SavesFile
	// ReadsForm reads the form through its receiver, the request or the
	// framework's context (r.FormFile, c.MultipartForm).
	ReadsForm
)

// uploads are the calls that read the request's multipart data.
var uploads = map[apis.Func]Upload{
	apis.F("mime/multipart", "FileHeader", "Open"):      OpensFile,
	apis.F(ginPath, "Context", "SaveUploadedFile"):      SavesFile,
	apis.F(ginPath, "Context", "FormFile"):              ReadsForm,
	apis.F(ginPath, "Context", "MultipartForm"):         ReadsForm,
	apis.F("net/http", "Request", "FormFile"):           ReadsForm,
	apis.F("net/http", "Request", "MultipartReader"):    ReadsForm,
	apis.F("net/http", "Request", "ParseMultipartForm"): ReadsForm,
}

// UploadOf returns what a call of fn does with the request's multipart
// data.
func UploadOf(fn *types.Func) Upload {
	f, ok := apis.Of(fn)
	if !ok {
		return NoUpload
	}
	return uploads[f]
}

// Uploads returns the table's functions, for tests.
func Uploads() []apis.Func {
	out := make([]apis.Func, 0, len(uploads))
	for f := range uploads {
		out = append(out, f)
	}
	return out
}
