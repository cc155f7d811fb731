package goroutine

// BuiltinRetainers are well-known functions of dependencies whose
// results keep a context (or a pooled request context passed as one) in a
// value that is not itself a context, checked against the modules'
// sources; -ctxcopy.retainers adds more (dependencies get no facts).
// ctxcopy follows a pooled context into them, ctxcancel a request's
// context.Context: one table.
// Functions that return a context (grpc's metadata.NewOutgoingContext,
// OpenTelemetry's trace.ContextWithSpan and Tracer.Start) need no entry:
// a context result is assumed to derive from a context argument. go-redis
// v9 has none: its commands keep ctx in the returned Cmd, but they have
// run by the time the call returns.
func BuiltinRetainers() []*Launcher {
	return []*Launcher{
		{PkgPath: "gorm.io/gorm", Recv: "DB", Name: "WithContext"},                     // gorm v1.25–v1.31: Statement.Context
		{PkgPath: "gorm.io/gen", Recv: "DO", Name: "WithContext"},                      // gen v0.3: the generated DAOs' WithContext
		{PkgPath: "net/http", Name: "NewRequestWithContext"},                           // Request.ctx
		{PkgPath: "net/http", Recv: "Request", Name: "WithContext"},                    // a shallow copy with ctx
		{PkgPath: "net/http", Recv: "Request", Name: "Clone"},                          // a deep copy with ctx
		{PkgPath: "github.com/go-resty/resty/v2", Recv: "Request", Name: "SetContext"}, // Request.ctx
	}
}
