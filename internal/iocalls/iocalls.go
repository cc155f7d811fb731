// Package iocalls is what the rules know about the calls of the standard
// library and of dependencies that do I/O: which context-taking calls only
// read values from their context (ctxcancel: they do not give up when it
// is cancelled), and which calls do durable work — a database write, an
// outgoing request, a file write, an e-mail, a queue publish — that is
// lost if the process exits in the middle (shutdown's drain check).
//
// Calls are matched by the resolved object (package path, receiver type
// name, name), never by the text of a name.
package iocalls

import (
	"go/types"
	"strings"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// BuiltinValueOnly are packages whose context-taking functions only read
// values from the context (a trace span, a request ID, log fields) and
// never give up when it is cancelled: logging with a cancelled context
// still logs. ctxcancel's TestValueOnlyTable checks each against the real
// module (testdata/ctxcancel-deps). go.uber.org/zap is not listed: no
// function of v1.27.1 takes a context (the test checks that too).
var BuiltinValueOnly = []string{
	"log/slog",                  // Logger.InfoContext & co., Handler.Handle/Enabled
	"runtime/trace",             // NewTask, WithRegion, Log
	"runtime/pprof",             // Do, SetGoroutineLabels, WithLabels
	"net/http/httptrace",        // ContextClientTrace, WithClientTrace
	"github.com/rs/zerolog",     // zerolog.Ctx, (*Event).Ctx, (*Logger).WithContext
	"github.com/rs/zerolog/log", // log.Ctx
	"github.com/sirupsen/logrus",
	"go.opentelemetry.io/otel/trace",       // Tracer.Start, SpanFromContext, ContextWithSpan
	"go.opentelemetry.io/otel/baggage",     // FromContext, ContextWithBaggage
	"go.opentelemetry.io/otel/propagation", // TextMapPropagator.Inject/Extract
	"go.opentelemetry.io/otel/metric",      // Int64Counter.Add & co. (aggregated in memory)
}

// ValueOnly matches functions against the built-in packages and the
// user's entries (-ctxcancel.value-only).
type ValueOnly struct {
	pkgs  map[string]bool
	funcs []apis.Func
}

// ParseValueOnly parses value-only entries: a package path, or a function
// as pkg/path.Func or (*pkg/path.Type).Method. A package whose last path
// element has a dot (gopkg.in/x.v1) is written with a trailing slash.
func ParseValueOnly(specs []string) (*ValueOnly, error) {
	t := &ValueOnly{pkgs: map[string]bool{}}
	for _, p := range BuiltinValueOnly {
		t.pkgs[p] = true
	}
	for _, s := range specs {
		s = strings.TrimSpace(s)
		last := s[strings.LastIndex(s, "/")+1:]
		if strings.HasSuffix(s, "/") || (!strings.HasPrefix(s, "(") && !strings.Contains(last, ".")) {
			t.pkgs[strings.TrimSuffix(s, "/")] = true
			continue
		}
		f, err := apis.Parse("value-only function", s)
		if err != nil {
			return nil, err
		}
		t.funcs = append(t.funcs, f)
	}
	return t, nil
}

// Has reports whether fn only reads values from its context.
func (t *ValueOnly) Has(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	return t.pkgs[fn.Pkg().Path()] || apis.Any(t.funcs, fn)
}

// Work is the kind of durable work a call does.
type Work uint8

const (
	NoWork    Work = iota
	DBWrite        // database/sql Exec, gorm Create/Save/Update/Delete
	Outgoing       // an HTTP request, an RPC
	FileWrite      // os.WriteFile, (*os.File).Write, ...
	Mail           // net/smtp, gomail, go-mail
	Publish        // a message queue publish
	ContextIO      // a context-taking call of a dependency (ctxcancel's rule)
)

// String says what the work does, for messages: "writes to a database".
func (w Work) String() string {
	switch w {
	case DBWrite:
		return "writes to a database"
	case Outgoing:
		return "makes an outgoing request"
	case FileWrite:
		return "writes a file"
	case Mail:
		return "sends e-mail"
	case Publish:
		return "publishes to a queue"
	case ContextIO:
		return "does I/O"
	}
	return "does nothing durable"
}

// A funcID names a function or method: package path, receiver type name
// ("" for a package-level function), name.
type funcID = apis.Func

// durable is the table of durable calls, each checked against its
// package's API (the version in the comment).
var durable = map[funcID]Work{}

func add(w Work, pkg, recv string, names ...string) {
	for _, n := range names {
		durable[apis.F(pkg, recv, n)] = w
	}
}

func init() {
	add(DBWrite, "database/sql", "DB", "Exec", "ExecContext")
	add(DBWrite, "database/sql", "Tx", "Exec", "ExecContext", "Commit")
	add(DBWrite, "database/sql", "Stmt", "Exec", "ExecContext")
	add(DBWrite, "database/sql", "Conn", "ExecContext")
	// gorm v1.31 (finisher_api.go) and jinzhu/gorm v1.9 (main.go).
	for _, p := range []string{"gorm.io/gorm", "github.com/jinzhu/gorm"} {
		add(DBWrite, p, "DB", "Create", "CreateInBatches", "Save", "Update", "Updates", "UpdateColumn", "UpdateColumns", "Delete", "Exec", "FirstOrCreate", "Transaction")
	}
	add(Outgoing, "net/http", "", "Get", "Head", "Post", "PostForm")
	add(Outgoing, "net/http", "Client", "Do", "Get", "Head", "Post", "PostForm")
	add(Outgoing, "net/rpc", "Client", "Call")
	// resty v2 (request.go): the verbs send the request.
	add(Outgoing, "github.com/go-resty/resty/v2", "Request", "Get", "Head", "Post", "Put", "Patch", "Delete", "Options", "Send", "Execute")
	add(FileWrite, "os", "", "WriteFile", "Create", "Rename", "Remove", "RemoveAll", "Mkdir", "MkdirAll", "Truncate")
	add(FileWrite, "os", "File", "Write", "WriteString", "WriteAt", "ReadFrom", "Sync")
	add(FileWrite, "io/ioutil", "", "WriteFile")
	add(Mail, "net/smtp", "", "SendMail")
	add(Mail, "net/smtp", "Client", "Mail", "Rcpt", "Data")
	add(Mail, "gopkg.in/gomail.v2", "Dialer", "DialAndSend")
	add(Mail, "gopkg.in/gomail.v2", "", "Send")
	add(Mail, "github.com/wneessen/go-mail", "Client", "DialAndSend", "Send", "DialAndSendWithContext")
	add(Mail, "github.com/jordan-wright/email", "Email", "Send", "SendWithTLS", "SendWithStartTLS")
	add(Publish, "github.com/nats-io/nats.go", "Conn", "Publish", "PublishMsg", "Request")
	add(Publish, "github.com/rabbitmq/amqp091-go", "Channel", "Publish", "PublishWithContext")
	add(Publish, "github.com/streadway/amqp", "Channel", "Publish")
	add(Publish, "github.com/segmentio/kafka-go", "Writer", "WriteMessages")
}

// binds are context-taking calls that only attach the context to a value
// for later calls (which the table or the context rule judge).
var binds = map[funcID]bool{
	{PkgPath: "net/http", Recv: "", Name: "NewRequestWithContext"}: true,
	{PkgPath: "net/http", Recv: "Request", Name: "WithContext"}:    true,
	{PkgPath: "net/http", Recv: "Request", Name: "Clone"}:          true,
}

func idOf(fn *types.Func) funcID {
	id, _ := apis.Of(fn) // the zero key, in no table, for a method of an interface literal
	return id
}

// Durable returns the durable work a call of fn, a function of the
// standard library or of a dependency, does: from the table, or, for a
// function that takes a context and is neither value-only nor a
// derivation (it returns no context, nor a value of its own receiver's
// type, as gorm's WithContext does), ContextIO: what ctxcancel takes to
// do I/O with it.
func Durable(fn *types.Func, valueOnly *ValueOnly) Work {
	if fn == nil || fn.Pkg() == nil {
		return NoWork
	}
	id := idOf(fn)
	if w, ok := durable[id]; ok {
		return w
	}
	if id.PkgPath == "context" || binds[id] || (valueOnly != nil && valueOnly.Has(fn)) {
		return NoWork
	}
	if !TakesContext(fn) {
		return NoWork
	}
	sig := fn.Type().(*types.Signature)
	for v := range sig.Results().Variables() {
		if goroutine.IsContextLike(v.Type()) {
			return NoWork
		}
		if r := sig.Recv(); r != nil && types.Identical(deref(v.Type()), deref(r.Type())) {
			return NoWork // db.WithContext(ctx): a builder
		}
	}
	return ContextIO
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// Listed returns the durable work of fn from the table alone.
func Listed(fn *types.Func) Work {
	if fn == nil || fn.Pkg() == nil {
		return NoWork
	}
	return durable[idOf(fn)]
}

// TakesContext reports whether fn has a context parameter.
func TakesContext(fn *types.Func) bool {
	for v := range fn.Type().(*types.Signature).Params().Variables() {
		if types.IsInterface(v.Type()) && goroutine.IsContextLike(v.Type()) {
			return true
		}
	}
	return false
}
