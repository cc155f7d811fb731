package apis

// Retainers are well-known functions of dependencies whose results keep
// a context (or a pooled request context passed as one) in a value that
// is not itself a context, checked against the modules' sources;
// -ctxcopy.retainers adds more (dependencies get no facts). ctxcopy
// follows a pooled context into them, ctxcancel a request's
// context.Context: one table.
// Functions that return a context (grpc's metadata.NewOutgoingContext,
// OpenTelemetry's trace.ContextWithSpan and Tracer.Start) need no entry:
// a context result is assumed to derive from a context argument. go-redis
// v9 has none: its commands keep ctx in the returned Cmd, but they have
// run by the time the call returns.
func Retainers() []Func {
	return []Func{
		F("gorm.io/gorm", "DB", "WithContext"),                     // gorm v1.25–v1.31: Statement.Context
		F("gorm.io/gen", "DO", "WithContext"),                      // gen v0.3: the generated DAOs' WithContext
		F("net/http", "", "NewRequestWithContext"),                 // Request.ctx
		F("net/http", "Request", "WithContext"),                    // a shallow copy with ctx
		F("net/http", "Request", "Clone"),                          // a deep copy with ctx
		F("github.com/go-resty/resty/v2", "Request", "SetContext"), // Request.ctx
	}
}
