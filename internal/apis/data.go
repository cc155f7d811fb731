package apis

import (
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// A Role is what the value flow (internal/flow) knows of an API of the standard library,
// a framework or a library: how data the program does not control enters
// through it, or how it fails on such data.
type Role int

const (
	// Source: its results are data the program does not control (a
	// query value, a request header, an HTTP reply, a file's contents).
	Source Role = iota + 1
	// Bind: it fills its pointer arguments with request data
	// (c.ShouldBindJSON(&req)).
	Bind
	// ScanAny: it fills the pointer arguments that point to interface
	// values with data it decodes (rows.Scan(&v), v of type any).
	ScanAny
	// Own: its results are the program's own whatever its operands (the
	// request's context: its values are the application's middleware's).
	Own
	// Partial: it panics on bad data in its arguments
	// (regexp.MustCompile, the image decoders).
	Partial
	// NonEmpty: its result has one element at least (strings.Split).
	NonEmpty
	// Submatches: each element of its result is as long as the program's
	// pattern has groups, plus one (the result itself is nil without a
	// match: FindStringSubmatch is not one).
	Submatches
	// Encodes: the length of its result follows from the lengths of its
	// arguments alone (hex.EncodeToString): an encoding of a value whose
	// length the program chose has a length the program chose.
	Encodes
	// Part: its result is a part of its first argument, never longer
	// (filepath.Ext, strings.TrimSpace): len(s)-len(Ext(s)) is in range
	// of s.
	Part
)

// data is the knowledge of APIs, keyed by identity. Request data
// enters through the framework contexts' accessors and binders, through
// *http.Request (every field and method but Context: see sourceTypes) and
// through the decoders any call of a dependency or the standard library
// makes of a tainted operand (json.Unmarshal(body, &v): see Env.fill).
// TestDataReal checks every entry against the real modules.
var data = map[Func]Role{}

// dataPkgs are the packages of data's keys: most calls are of other
// packages, answered by one lookup.
var dataPkgs = map[string]bool{}

func init() {
	add := func(pkg, recv string, r Role, names ...string) {
		dataPkgs[pkg] = true
		for _, n := range names {
			data[Func{PkgPath: pkg, Recv: recv, Name: n}] = r
		}
	}
	const gin = "github.com/gin-gonic/gin"
	add(gin, "Context", Source, "Param", "Query", "DefaultQuery", "GetQuery", "QueryArray", "GetQueryArray",
		"QueryMap", "GetQueryMap", "PostForm", "DefaultPostForm", "GetPostForm", "PostFormArray",
		"GetPostFormArray", "PostFormMap", "GetPostFormMap", "FormFile", "MultipartForm", "GetHeader",
		"GetRawData", "Cookie", "ContentType")
	add(gin, "Context", Bind, "Bind", "BindJSON", "BindXML", "BindQuery", "BindYAML", "BindTOML",
		"BindHeader", "BindUri", "BindWith", "MustBindWith", "ShouldBind", "ShouldBindJSON",
		"ShouldBindXML", "ShouldBindQuery", "ShouldBindYAML", "ShouldBindTOML", "ShouldBindHeader",
		"ShouldBindUri", "ShouldBindWith", "ShouldBindBodyWith", "ShouldBindBodyWithJSON")
	for _, echo := range []string{"github.com/labstack/echo/v4", "github.com/labstack/echo"} {
		add(echo, "Context", Source, "Param", "ParamValues", "QueryParam", "QueryParams", "QueryString",
			"FormValue", "FormParams", "FormFile", "MultipartForm", "Cookie", "Cookies")
		add(echo, "Context", Bind, "Bind")
	}
	for _, fiber := range []string{"github.com/gofiber/fiber/v2", "github.com/gofiber/fiber/v3"} {
		add(fiber, "Ctx", Source, "Params", "Query", "Queries", "FormValue", "FormFile",
			"MultipartForm", "Get", "GetReqHeaders", "Body", "BodyRaw", "Cookies", "OriginalURL", "Path")
	}
	add("github.com/gofiber/fiber/v2", "Ctx", Source, "AllParams")
	add("github.com/gofiber/fiber/v2", "Ctx", Bind, "BodyParser", "QueryParser", "ParamsParser", "ReqHeaderParser", "CookieParser")
	// fiber v3 binds through c.Bind(): its methods fill their argument.
	add("github.com/gofiber/fiber/v3", "Bind", Bind, "Header", "Cookie", "Query", "JSON", "CBOR", "XML", "Form", "URI", "MsgPack", "Body", "All", "Custom")
	const hertz = "github.com/cloudwego/hertz/pkg/app"
	add(hertz, "RequestContext", Source, "Param", "Query", "DefaultQuery", "GetQuery", "PostForm",
		"DefaultPostForm", "GetPostForm", "FormValue", "FormFile", "MultipartForm", "GetHeader",
		"GetRawData", "Cookie", "QueryArgs", "PostArgs")
	add(hertz, "RequestContext", Bind, "Bind", "BindAndValidate", "BindJSON", "BindQuery", "BindHeader",
		"BindPath", "BindForm", "BindProtobuf", "BindByContentType")
	const fasthttp = "github.com/valyala/fasthttp"
	add(fasthttp, "RequestCtx", Source, "QueryArgs", "PostArgs", "FormValue", "PostBody", "UserValue",
		"FormFile", "MultipartForm", "Path", "RequestURI", "URI", "Referer", "UserAgent")
	add("net/http", "Request", Own, "Context")
	// Replies from outside the process.
	add("net/http", "", Source, "Get", "Post", "PostForm", "Head")
	add("net/http", "Client", Source, "Do", "Get", "Post", "PostForm", "Head")
	add("os", "", Source, "ReadFile")
	add("io/ioutil", "", Source, "ReadFile")
	add("database/sql", "Rows", ScanAny, "Scan")
	add("database/sql", "Row", ScanAny, "Scan")
	add("regexp", "Regexp", Submatches, "FindAllStringSubmatch", "FindAllSubmatch", "FindAllStringSubmatchIndex", "FindAllSubmatchIndex")
	// Encoding the program's values: whether it fails is decided by their
	// types, which the program chose.
	add("encoding/json", "", Own, "Marshal", "MarshalIndent")
	add("github.com/goccy/go-json", "", Own, "Marshal", "MarshalIndent")
	add("encoding/json", "Encoder", Own, "Encode")
	add("strings", "", NonEmpty, "Split", "SplitN", "SplitAfter", "SplitAfterN")
	add("bytes", "", NonEmpty, "Split", "SplitN", "SplitAfter", "SplitAfterN")
	add("encoding/hex", "", Encodes, "EncodeToString")
	add("encoding/base64", "Encoding", Encodes, "EncodeToString")
	add("encoding/base32", "Encoding", Encodes, "EncodeToString")
	add("path/filepath", "", Part, "Ext")
	add("path", "", Part, "Ext")
	add("strings", "", Part, "TrimSpace", "TrimPrefix", "TrimSuffix", "Trim", "TrimLeft", "TrimRight", "TrimFunc", "TrimLeftFunc", "TrimRightFunc")
	add("bytes", "", Part, "TrimSpace", "TrimPrefix", "TrimSuffix", "Trim", "TrimLeft", "TrimRight", "TrimFunc", "TrimLeftFunc", "TrimRightFunc")
	// Partial on bad data.
	add("regexp", "", Partial, "MustCompile", "MustCompilePOSIX")
	add("text/template", "", Partial, "Must")
	add("html/template", "", Partial, "Must")
	add("image", "", Partial, "Decode", "DecodeConfig")
	for _, f := range []string{"image/png", "image/jpeg", "image/gif", "golang.org/x/image/webp", "golang.org/x/image/bmp", "golang.org/x/image/tiff"} {
		add(f, "", Partial, "Decode", "DecodeConfig")
	}
	add("github.com/disintegration/imaging", "", Partial, "Decode", "Open")
}

// sourceTypes are the types whose every field and method result is data
// the program does not control: the request itself, and the messages a
// queue delivers. Keyed by package path and type name.
var sourceTypes = map[[2]string]bool{
	{"net/http", "Request"}:                          true,
	{"mime/multipart", "FileHeader"}:                 true,
	{"github.com/gin-gonic/gin", "Params"}:           true,
	{"github.com/segmentio/kafka-go", "Message"}:     true,
	{"github.com/IBM/sarama", "ConsumerMessage"}:     true,
	{"github.com/Shopify/sarama", "ConsumerMessage"}: true,
	{"github.com/rabbitmq/amqp091-go", "Delivery"}:   true,
	{"github.com/streadway/amqp", "Delivery"}:        true,
	{"github.com/nats-io/nats.go", "Msg"}:            true,
}

// DataRole returns what the data table says of fn, or 0.
func DataRole(fn *types.Func) Role {
	if fn == nil || fn.Pkg() == nil || !dataPkgs[fn.Pkg().Path()] {
		return 0
	}
	k, ok := Of(fn)
	if !ok {
		return 0
	}
	return data[k]
}

// IsSourceType reports whether t (or what it points to) is one of
// sourceTypes.
func IsSourceType(t types.Type) bool {
	n := astx.NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	return sourceTypes[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]
}

// concurrentUnsafe are methods that panic when two goroutines call them on
// one value at once: gorilla/websocket's writers ("Connections support one
// concurrent reader and one concurrent writer"; a second writer panics
// with "concurrent write to websocket connection") and its forks'.
// WriteControl may be called concurrently, and is not one.
var concurrentUnsafe = map[Func]bool{}

func init() {
	for _, pkg := range []string{"github.com/gorilla/websocket", "github.com/fasthttp/websocket", "github.com/hertz-contrib/websocket"} {
		for _, m := range []string{"WriteMessage", "WriteJSON", "NextWriter", "WritePreparedMessage"} {
			concurrentUnsafe[Func{PkgPath: pkg, Recv: "Conn", Name: m}] = true
		}
	}
}

// ConcurrentUnsafe reports whether fn panics when called concurrently on
// one value (see concurrentUnsafe).
func ConcurrentUnsafe(fn *types.Func) bool {
	k, ok := Of(fn)
	return ok && concurrentUnsafe[k]
}
