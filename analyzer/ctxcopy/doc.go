// Package ctxcopy defines the ctxcopy rule: a pooled request context used
// by a goroutine that can outlive the handler.
//
// # Analyzer ctxcopy
//
// ctxcopy: report pooled request contexts used by goroutines that can
// outlive the handler, and responses written through a copy.
//
// Gin keeps *gin.Context values in a sync.Pool: when the handler returns,
// the context is reset and handed to the next request. A goroutine that
// still holds it reads another request's parameters, keys and headers, or
// races with them. The same holds for hertz's *app.RequestContext, echo's
// echo.Context, fiber's *fiber.Ctx and v3's fiber.Ctx (whose strings and
// bytes alias recycled buffers), fasthttp's *fasthttp.RequestCtx, and
// net/http's ResponseWriter.
//
// fiber's Config.Immutable makes the strings and bytes a context returns
// copies the goroutine may keep (the pooled Request, Response and
// RequestCtx stay the context's). The rule cannot see the app serving a
// handler: with -ctxcopy.fiber-immutable=auto (the default) it takes the
// setting to be on in a package that sets Immutable to true, and off
// elsewhere; handlers in another package than the app need
// -ctxcopy.fiber-immutable=on.
//
// WRONG:
//
//	func Handler(c *gin.Context) {
//		go func() {
//			time.Sleep(time.Second)
//			log.Println(c.Request.URL.Path) // c belongs to another request by now
//		}()
//	}
//
// RIGHT: take the copy in the handler, or extract the values:
//
//	func Handler(c *gin.Context) {
//		cCp := c.Copy()
//		go func() {
//			time.Sleep(time.Second)
//			log.Println(cCp.Request.URL.Path)
//		}()
//	}
//
// The rule follows the context through aliases (c2 := c), conversions
// (var ctx context.Context = c), derived contexts (context.WithValue(c,
// ...), context.WithTimeout(c, ...)), struct fields (&job{c: c}), closures
// stored in variables, method values (go c.JSON(...)), arguments (go f(c)),
// functions in other packages that hand their context.Context parameter
// to a goroutine (a service method doing go s.mail.Send(ctx)) — called
// directly, or through an interface method (h.notifier.Notify(c, ...))
// whose implementation does, among the implementations the analysis can
// see: those in the caller's package and in the user's packages it
// imports, directly or not, test doubles (a gomock controller or
// testify's Mock held as state) left out (modular analysis cannot see an implementation
// that only main wires in from a package the caller does not import; a
// service that calls such an interface method with its own context
// parameter hands it off too) —
// and values a call returns that keep the context:
//
//	db := global.DB.WithContext(c) // gorm keeps c in db's statement
//	go func() { db.Create(&row) }() // reported: pass c.Copy() to WithContext
//
// The user's own functions are followed by facts (func newJob(ctx) *Job
// that returns &Job{ctx: ctx}); for dependencies, a built-in table names
// gorm's (*DB).WithContext (and the *gorm.DB its builder methods return),
// gorm/gen's (*DO).WithContext, net/http's NewRequestWithContext and
// (*Request).WithContext and Clone, and resty's (*Request).SetContext; a
// dependency's function that returns a context (grpc's
// metadata.NewOutgoingContext, OpenTelemetry's Tracer.Start and
// trace.ContextWithSpan) is taken to derive it from its context argument.
// -ctxcopy.retainers names more, as pkg/path.Func or
// (*pkg/path.Type).Method: their results keep their arguments and
// receiver.
//
// It also reports contexts that leave the handler through data:
//
//   - sent on a channel (auditQueue <- c, s.jobs <- job{ctx: c}) that the
//     handler does not receive from before returning: a worker drains it
//     later. A channel the handler made itself is left to the goroutine
//     checks;
//   - stored in a package variable (current = c, sessions[id] = c), or in
//     a map or slice kept in the method's receiver (s.pending =
//     append(s.pending, c), s.inflight.Store(id, c)), unless the handler
//     removes it before returning (defer delete(sessions, id), current =
//     nil). A plain field of the receiver is not reported: per-request
//     controllers (e.MakeContext(c)) keep c there for the request.
//
// and:
//
//   - c.Copy() called inside the goroutine: too late, c may already have
//     been reused when the goroutine runs;
//   - a copy's key store read in the goroutine (cp.MustGet("x")) when the
//     handler stored there a value holding c (c.Set("x", &X{c: c})): Copy
//     clones the map, not the values;
//   - a response written through a copy (cp.JSON, cp.String, cp.Status,
//     cp.Writer.Write, ...): a copy has no response writer, so the write
//     panics, in a goroutine where gin.Recovery cannot catch it.
//
// Request-owned data: net/http closes the request body and removes the
// multipart form's temporary files when ServeHTTP returns, whatever became
// of the pooled context, and c.Copy() shares the same *http.Request. A
// goroutine that can outlive the handler and opens a *multipart.FileHeader
// the handler got (fh.Open(), c.SaveUploadedFile(fh, ...)), reads the body
// (c.Request.Body, r.Body, cp.Request.Body, go process(r.Body)), or parses
// the form then (cp.FormFile, cp.MultipartForm, r.FormFile,
// r.MultipartReader) loses the data — uploads above the in-memory limit
// (gin's MaxMultipartMemory, 32 MB) are gone:
//
//	fh, _ := c.FormFile("file")
//	go func() {
//		f, err := fh.Open() // WRONG: the temporary file is removed by then
//		...
//	}()
//
// RIGHT: save or read the file before starting the goroutine and hand it
// the saved path or the bytes (c.SaveUploadedFile(fh, dst); go
// process(dst)). A run-time test (TestUploadClaims) uploads 40 MB to a
// real gin server: the goroutine's Open fails in the first shape, and
// reads every byte in the second.
//
// A goroutine is any function value run on another goroutine: go
// statements, errgroup and worker pools, and the calls of the standard
// library and frameworks that run a callback later — time.AfterFunc,
// context.AfterFunc (on c.Request.Context() it runs after every request,
// once net/http cancels the context, with c back in the pool),
// Server.RegisterOnShutdown, runtime.SetFinalizer and AddCleanup, and
// fasthttp's SetBodyStreamWriter (run after the handler returns).
//
// It does not report goroutines the handler waits for before returning
// (sync.WaitGroup, errgroup, a receive from a channel the goroutine sends
// on or closes, when the goroutine does nothing after that send or
// close; also in a function it defers on every path), values extracted before the goroutine starts
// (c.Param("id"), c.Request.Context(), go f(c.Copy())), nor
// c.Request.Context(), which net/http owns. An argument the goroutine's
// function never reads (go connect(c, addr) where connect never mentions
// its context parameter) is not held by the goroutine: what the function
// does with the parameter decides, not its type (for functions of the
// same package; those of other packages are taken to read it).
//
// Uses that happen before the return are not after it. Two ways are
// recognised, on every path from the launch to the handler's return:
//
//   - A handshake (connect, then signal): the handler receives from a
//     channel it made, that only this goroutine sends on or closes, and
//     the goroutine uses c only before its first send or close on it (the
//     Go memory model: a send happens before the receive it completes).
//     Uses after the send, in a deferred call or a nested goroutine, a
//     receive the handler may skip (a select with a timeout or
//     ctx.Done() case, a receive on one path only), a launch in a loop
//     with one receive, or a channel the handler also sends on or hands
//     on, order nothing: reported.
//   - A stop under the writer's mutex (net/http/httputil's
//     maxLatencyWriter, a notification forwarder): the goroutine uses c
//     only while holding a mutex, after checking under it that it has
//     not been stopped (select { case <-done: return; default: }, if
//     stopped { return }, if !pending { return }), and the handler sets
//     that flag or closes that channel while holding the same mutex (in
//     its body, or in a deferred stop function) or waits for the
//     goroutine. Each use then runs before the handler's stop, or sees
//     it and does not run. Stopping the timer is no stop (a callback
//     that already fired waits on the mutex and runs after it), nor is a
//     flag set without the mutex, a check the goroutine makes without it,
//     or a use in the branch taken once stopped (unless the stop is made
//     only under a condition that excludes that branch, on a boolean
//     fixed before the launch).
//
// A goroutine that runs the handler chain (c.Next(), or next(c) in an
// echo or fiber middleware — the timeout-middleware shape) cannot be given
// a copy or extracted values: the advice is to wait for it.
//
// The suggested fix, for frameworks with a Copy method, declares
// cCp := c.Copy() before the go statement and uses it in the goroutine
// (or passes c.Copy() in go f(c)). It is offered only when the goroutine
// does not write the response or drive the handler chain through c (a
// copy cannot) — also through a helper that takes *gin.Context, of the
// same package or of another package of the user's code (a fact): one
// that only reads from it (audit(c, "login") logging c.ClientIP(),
// middleware.GetRequestUser(c) reading a key) takes the copy; one that
// writes (respond(c) calling c.JSON) gets the advice to write in the
// handler or wait instead, and so does a value that holds the writer
// (writer := c.Writer, a closure calling writer.Write). A helper that
// hands c on to code not seen (a dependency, a function value) is
// neither: the advice is the copy's, with no fix.
// Functions shaped as handlers (middleware is registered, not called from
// a goroutine) carry no fact.
package ctxcopy
