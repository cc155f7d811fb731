// Package ctxcancel defines the ctxcancel rule: a goroutine that can
// outlive the handler, doing context-aware work under the request's
// context.
//
// # Analyzer ctxcancel
//
// ctxcancel: report a goroutine that can outlive the handler and passes
// the request's context to a call that observes cancellation.
//
// net/http cancels a request's context when ServeHTTP returns ("For
// incoming server requests, the context is canceled when the client's
// connection closes, the request is canceled (with HTTP/2), or when the
// ServeHTTP method returns" — net/http). A fire-and-forget goroutine that
// runs a query, an outgoing HTTP call or an RPC under that context fails
// with `context canceled` — usually, not always: it depends on whether the
// work starts before the handler returns, so it passes tests and loses
// audit rows, e-mails and quota updates in production. This is the bug
// teams write right after fixing ctxcopy: they stop handing c to the
// goroutine and hand it c.Request.Context() instead.
//
// WRONG:
//
//	func (h *Handler) Order(c *gin.Context) {
//		ctx := c.Request.Context()
//		...
//		go func() {
//			h.db.ExecContext(ctx, insertAudit, id) // context canceled
//		}()
//		c.JSON(http.StatusCreated, order)
//	}
//
// RIGHT: keep the context's values (trace, request ID), drop its
// cancellation (Go 1.21):
//
//	go func(ctx context.Context) {
//		h.db.ExecContext(ctx, insertAudit, id)
//	}(context.WithoutCancel(ctx))
//
// If the work needs a time limit, derive it inside the goroutine:
// context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second).
//
// The request's context is r.Context() in a net/http handler,
// c.Request.Context() in gin, c.Request().Context() in echo, and any
// context derived from one with context.WithValue, WithCancel,
// WithTimeout or WithDeadline — through aliases, closures, the arguments
// of the go statement (go f(ctx), defer func(ctx context.Context) {...}(r.Context()))
// and the user's own functions that return a derived context (facts).
// It is also followed into values that keep it, made by the retainers
// ctxcopy follows a pooled context into (one table, in package
// goroutine: gorm's and gen's WithContext, net/http's
// NewRequestWithContext, WithContext and Clone, resty's SetContext) and
// their builder steps (db.Where(...) on such a db): a method of that
// value run by the goroutine (db.Create(&row)), or a request made with it
// handed to a client (http.DefaultClient.Do(req)), runs under the
// request's context:
//
//	db := h.db.WithContext(c.Request.Context())
//	go func() { db.Create(&audit) }() // WRONG: context canceled
//
// RIGHT: h.db.WithContext(context.WithoutCancel(c.Request.Context())) for
// the goroutine. A request's own methods (req.Context()) do no work.
//
// fiber's contexts are not cancelled with the request: v2's c.Context()
// is the pooled *fasthttp.RequestCtx (ctxcopy's business), and v3's
// c.Context() is context.Background() unless a middleware sets one (fiber
// v3.1.0 ctx.go); fiber v3's Ctx used as a context.Context has a nil Done.
// context.WithoutCancel(...), context.Background(), context.TODO() and
// contexts the goroutine makes itself are not the request's; nor is a
// captured variable after the goroutine's body rebinds it to one (ctx =
// context.WithoutCancel(ctx), or a helper keeping the values over
// context.Background()), nor a variable the launching function rebinds to
// one before the launch, on every path to it (a service method doing
// ctx = context.WithoutCancel(ctx) before its go statement: its fact says
// it detaches nothing; a rebinding under an if does not count).
//
// With gin's Engine.ContextWithFallback = true, a *gin.Context (and its
// Copy(), which shares the Request) used as a context.Context answers
// Done and Err from c.Request.Context(), so it counts as the request's
// context too. The rule cannot see the engine that serves a handler: with
// -ctxcancel.fallback=auto (the default) it takes the setting to be on in
// a package that sets ContextWithFallback to true (or to a value not
// known until run time), and off elsewhere — handlers in another package
// than the router need -ctxcancel.fallback=on.
//
// A call observes cancellation when it is
//
//   - a function of the user's code that calls Done, Err or Deadline on
//     its context parameter, or passes it to a call that observes it (a
//     fact, across packages);
//   - a call into the standard library or a dependency that takes a
//     context.Context — database/sql, net/http's client (through
//     http.NewRequestWithContext or Request.WithContext), net.Dialer's
//     DialContext, os/exec.CommandContext, database drivers, Redis, gRPC
//     and HTTP clients — or a method of an interface that takes one (a
//     repository), and context.AfterFunc;
//   - a function value the package's callers supply: one an exported
//     function or method stores in a field for later (a server library's
//     tool handlers, hooks, plugins: s.tools[name] = h in AddTool), read
//     back and called while serving. Code the package does not control
//     is what does I/O with the context; a function parameter the
//     function runs itself is judged at its callers instead;
//   - except loggers and tracers that only read values from the context:
//     log/slog (InfoContext & co.), runtime/trace, runtime/pprof,
//     github.com/rs/zerolog, github.com/sirupsen/logrus (go.uber.org/zap takes no context),
//     OpenTelemetry's trace (span start), baggage, propagation and metric
//     packages. -ctxcancel.value-only adds packages (pkg/path) and
//     functions (pkg/path.Func, (*pkg/path.Type).Method).
//
// The goroutine may also be started further down: a handler that passes
// the request's context to a function of the user's code that hands it to
// a goroutine it does not wait for (go s.mail.Send(ctx, ...) in a service
// method; a fact, across packages and through calls) is reported at that
// call. There is no fix there: the function should detach the context
// for its goroutine, and wrapping the argument would also stop the
// function's own work from being cancelled with the request.
//
// A call of an interface method of the user's code stands for the
// implementations the calling package can see (it imports them, directly
// or not; a test double holding a gomock controller or testify's Mock is
// not one): a handler calling s.mail.Send(r.Context(), ...) through a
// service interface is reported when an implementation detaches.
//
// Request scope is not a list of signatures. A function that is not a
// handler but takes the *http.Request — a router's own handler shape,
// func(r *http.Request, vars map[string]string, body []byte) *Response,
// or a helper — is told by its callers which request it gets: a handler
// that hands it the request being served is reported at that call, and a
// function handed to an adapter that calls its function parameter with
// the request being served (router.Wrap(s.getThing), a fact) is reported
// where it is handed over. A request the program builds itself
// (http.NewRequest) is not the one being served.
//
// Not reported: goroutines the handler waits for, also in a function it
// defers on every path (defer func() { cancel(); wg.Wait() }()): a fan-out
// that should stop with the request is correct; goroutines whose results the handler
// reads — it receives from, ranges over, returns or hands on a channel
// the goroutine sends on or closes, itself or through a function it hands
// the channel to (a parameter of send-only type, or one the function's
// body sends on or closes; a channel handed on to be received from is a
// stop signal, not a result) — even if it may return first: a producer
// streaming a response should stop when the client goes away;
// goroutines that only log with the context or only watch ctx.Done()
// themselves; a function run on the goroutine whose use of the context is
// a ctx.Done (or Err) check, when the handler derives that context with a
// cancel it defers (ctx, cancel := context.WithCancel(...); defer
// cancel(); go writeLoop(ctx): stopping it on return is the intent); and
// goroutines in tests.
// A context kept in a struct is followed too: a request-scoped value
// (HTTPRequest{Context: r.Context()}, a field set with req.Ctx = ctx, a
// struct embedding context.Context) whose field the goroutine reads, or
// which is handed to a function of the user's code that detaches the
// field's context (a fact naming the field: "detaches 0.Context"). Only
// fields the code can read count (http.Request's ctx is read through
// r.Context()). The rule does not follow a context that a method returns
// from its receiver (req.Ctx()), a context stored in a long-lived object,
// nor a user function that returns the request's context without taking
// one.
//
// On by default. Field numbers (docs/field-results.md): no finding on the
// public Gin applications it ran on, so no false positive either; the 36
// goroutines that 9 of the 27 corpus applications start beside the
// request's context, read one by one, are all shapes it leaves alone on
// purpose (a context.Background with a timeout, a producer the handler
// streams, a context used only for logging). The precision evidence is therefore the tests' look-alikes
// and the run-time test, not field findings.
//
// The suggested fix passes context.WithoutCancel(ctx) to the goroutine at
// its launch: it wraps the argument of go f(ctx), or turns a captured ctx
// into a parameter of the go statement's literal. It is offered for files
// compiled for Go 1.21 or later, and not for a context derived with a
// timeout or deadline (WithoutCancel would drop the deadline too).
package ctxcancel
