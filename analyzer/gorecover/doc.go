// Package gorecover defines the gorecover rule: a goroutine started while
// serving a request, with no deferred recover.
//
// # Analyzer gorecover
//
// gorecover: report goroutines started while serving a request that can
// panic and do not recover.
//
// gin.Recovery, echo's and fiber's recover middleware and net/http's
// per-connection recover catch a panic only on the goroutine that serves
// the request. A panic in a goroutine the handler starts is not theirs to
// catch: it ends the whole process, with every request in flight.
//
// WRONG:
//
//	func Notify(c *gin.Context) {
//		var body map[string]any
//		if err := c.BindJSON(&body); err != nil {
//			return
//		}
//		go func() {
//			send(body["user"].(map[string]any)) // not an object: the panic kills the server
//		}()
//	}
//
// RIGHT:
//
//	func Notify(c *gin.Context) {
//		var body map[string]any
//		if err := c.BindJSON(&body); err != nil {
//			return
//		}
//		go func() {
//			defer func() {
//				if r := recover(); r != nil {
//					log.Printf("panic in goroutine: %v", r)
//				}
//			}()
//			send(body["user"].(map[string]any))
//		}()
//	}
//
// Recovery through helpers counts, across packages: `defer handlePanic()`
// where handlePanic calls recover(); `go worker()` where worker defers such
// a helper; a wrapper such as safeGo(func() { ... }) whose goroutine
// recovers. Calling a wrapper whose goroutine does not recover, from a
// handler, is reported like a go statement.
//
// Two shapes look like recovery but are not, and are reported: `defer
// recover()` (recover is the deferred function, not called by it), and
// recover, or a helper that calls it, called by a function nested in the
// deferred one (defer func() { handlePanic() }()). The spec says recover
// returns nil unless called directly by the deferred function.
//
// Launches are go statements and the model's launchers (errgroup's Go,
// sync.WaitGroup.Go, time.AfterFunc, worker pools, the project's own
// wrappers, -launchers); errgroup, gammazero/workerpool and go-zero's
// RoutineGroup.Run do not recover panics; ants, pond, go-zero's GoSafe,
// GoSafeCtx, RoutineGroup.RunSafe and TaskRunner.Schedule, and
// bytedance/gopkg's gopool do; conc re-raises them in Wait. A go
// statement running an interface method (go svc.Sync()) is judged by the
// implementations the package can see.
//
// Versioned dependencies have no facts: only the user's code is
// analysed, so that every driver agrees and a dependency costs only its
// loading. A function of a dependency deferred by a goroutine recovers if
// it is go-zero's rescue.Recover or rescue.RecoverCtx, is named in
// -gorecover.recoverers, or has "recover" in its name, in any case
// (errs.RecoverPanic): a goroutine missed is better than a false report.
// Any other (defer kit.Guard()) is taken not to recover: name it in
// -gorecover.recoverers. Called from a deferred literal instead, where
// it would not recover, such a helper is reported as a misuse only if it
// is go-zero's or configured. A dependency's goroutine wrapper outside the launcher table (kit.Spawn(f)
// where Spawn runs f on a goroutine) is a plain call: its goroutine is
// not seen; -launchers names it, and -gorecover.recoverers too if its
// goroutines recover. A goroutine running a dependency's function (go
// consumer.Run()) is not judged: whether it recovers is unknown, and the
// fix would be in the library.
//
// A handler that calls a function starting such a goroutine (at any
// depth, across the packages of the user's module, through interface
// methods whose implementations are visible) is reported at its call,
// naming the function; when several handlers of the package reach one
// goroutine of the package, once, at the goroutine. `go f()` is one
// launch: if f can panic, it is reported at the go statement alone; the
// goroutines f starts in turn are reported at the call once f recovers,
// since its recover does not cover them.
//
// By default only goroutines that can plausibly panic are reported, and
// the message says where. A goroutine can plausibly panic when its body,
// or a function of the user's module it calls (through facts, across
// packages; through interface methods whose implementations are visible),
// has one of:
//
//   - a call of panic or log.Panic*, unless it is a statement of the
//     goroutine's own body (an intended crash, as in a watchdog), the
//     call of a crash-on-bug helper (a function that panics on every
//     path), a precondition (a named function's `if` on its own
//     arguments or on its package's state, or `default:` of a switch on
//     an argument, panicking with a fixed message: `if
//     !n.IsFullyQualified() { panic("illegal attempt ...") }`, `if conf
//     == nil { panic("config is missing") }`, trusted like the standard
//     library's preconditions), a re-panic of a
//     recovered value (singleflight's waiters: the panic is reported
//     where it starts), or panic(err) on the error of a standard library
//     function called without arguments, or of filepath.Abs or
//     crypto/rand (os.UserHomeDir(): the host is broken, not the
//     request);
//   - a type assertion without comma-ok, except on a value read from the
//     request's context (ctx.Value(k), c.Get(k)) or from a sync.Pool
//     (bufPool.Get().([]byte)): the application's own middleware stores
//     it, or its own pool's New makes it, and a wrong type fails on every
//     request, in testing; nor on stores of one type by construction (an
//     atomic.Value's Load, heap.Pop of the package's own heap), nor on a
//     value read back from a store the package fills only with values of
//     the asserted type (a sync.Map's Load, a cache's Get(k) (any, bool):
//     every Store/Set into the same variable or field in the package puts
//     that type; one that also stores a sentinel of another type, a
//     decoded payload, or is filled by another package stays a reason),
//     in a type switch's case for that type (switch
//     b.(type) { case W: b.(W) }), on http.DefaultTransport, and
//     assertions the program answers itself: from an interface with
//     methods of the user's code (kv.(ModelConverter): which of its own
//     implementations it holds), on a field set by the literal that
//     defined the local variable (req := request{Prompt: p};
//     req.Prompt.(string)), on a generic value converted on the spot
//     (any(s).([]string)), or taking back out of reflect the type just
//     given (v.Convert(reflect.TypeOf(t)).Interface().(T)), or a
//     listener's address (ln.Addr().(*net.TCPAddr)). An assertion
//     on an empty interface (decoded JSON, a field filled from a request)
//     or from an interface of the standard library or a dependency
//     (err.(*mysql.MySQLError)) stays a reason;
//   - an index or slice expression with a computed index into a
//     package-level table (levelNames[r.MinLevel]: an enumeration read
//     from a request or a database, newer than the table, is out of
//     range), but for the key of a range over another table at most as
//     long (tables kept in step), or one the request chooses
//     (ids[atoi(c.Query("i"))]). A computed index into the function's own data is bounded by
//     what computed it in nearly every case a reviewer meets (ring
//     buffers, column positions, fan-out slots): on the applications of
//     docs/field-results.md, none of the 9 goroutines reported for one
//     was a bug. -gorecover.indexes counts those too, unless the index is
//     computed from the value's len
//     (x[len(x)-1]), is the key of a range over it or over what it was
//     made as long as (results := make([]T, len(xs)); for i := range xs
//     { go func(i int) { results[i] = f(xs[i]) }(i) }), is a
//     strings.Index or LastIndex of the value that the body checks with
//     strings.Contains first, the body (or, for a goroutine's literal, the
//     function starting it, before the go statement) asks for its len()
//     first (an element's too: len(rows[i]) before rows[i][j]), a call that was handed the slice returned the index
//     (n, _ := r.Read(buf); buf[:n]), or it is a parameter of an
//     unexported function that every call passes a constant for
//     (addRecord(kindUser, ...) indexing a table by kind: as safe as a
//     constant index; an exported function's callers elsewhere are not
//     seen, so its index parameters stay a reason);
//   - a write to a map that is certainly nil (var m map[K]V, never
//     assigned);
//   - a call of a function value the package shows the source of: a
//     local closure, a package variable holding a named function or a
//     literal (tests' replacements aside), or a field the package fills
//     only with its own functions (literals or named functions stored by
//     a constructor, Downloader{Fetch: defaultFetch}, or an assignment,
//     passed to a setter by the package's own calls, r.SetOnLoss(func()
//     {...}), made by its own factories, warn: level("warn"), or copied
//     from another such field) counts for what those functions do. A
//     function value whose source is not seen (a hook field the package
//     never sets, a callback captured from the caller, m[k]() on a map of
//     handlers, a variable other packages assign) is not a reason by
//     default: on the public applications in docs/field-results.md, none
//     of the goroutines reported for one alone was a bug. With
//     -gorecover.hooks it is (for code that runs third-party plugins).
//     The exception is a function the package's callers register through
//     an API other modules can call — a library's tool handlers, hooks
//     and plugins, stored by an exported method (s.tools[name] = h) and
//     run later while serving: code the package does not control, a
//     reason by default. An API under internal/ or in package main is
//     the module's own, and what it registers is judged where it is
//     written;
//   - decoding an image (image.Decode and the format decoders: crafted
//     input has made them panic; disintegration/imaging's Open and Decode
//     call them), regexp.MustCompile of a pattern that
//     is not made of constants and regexp.QuoteMeta results (through
//     variables assigned once and functions of the package returning
//     only those), and the functions of -gorecover.panickers;
//   - a send on a channel the package closes somewhere else (a send on a
//     closed channel panics), unless that close waits for the senders
//     (wg.Wait(); close(ch), or after a loop receiving from ch: the
//     fan-in idiom) or is deferred by the only caller of the function
//     that sends (a reader closing its outbox on the way out) or by the
//     function whose closure (not run on a goroutine) sends, or comes
//     after the sending call on the same goroutine (in the same block,
//     or in a function it defers);
//   - a write on a gorilla/websocket connection that is also written
//     somewhere else (the package panics on concurrent writes), unless
//     the other write happens before the goroutine starts (outside a loop
//     around the go statement).
//
// A function that defers a recover at its top stops its own panics: its
// callers do not inherit them. A function that can panic only through calls in the
// cases of a switch on one of its parameters (func (s *Settings)
// Update(key, value string) { switch key { case "MonitorInterval":
// restartMonitor(value) } }) cannot when called with another constant
// for it (Update("SyncStatus", v)).
//
// Everything else counts as trusted on valid use: calls into the standard
// library and dependencies (io.Copy, Close, Wait, exec.Cmd.Run,
// database/sql and gorm, JSON, logging), receives and sends on channels
// nobody closes, field reads. A nil pointer dereference can panic too, but
// nearly every goroutine dereferences a pointer somewhere: counting those
// would make every goroutine a finding, and reviewers do not add a recover
// for them.
//
// -gorecover.strict restores the policy "every goroutine started while
// serving a request recovers", whatever its body does (except goroutines
// that only wait, cancel, sleep, print or exit): the policy the Gin
// tutorials teach (wrap each background goroutine in defer/recover), for
// teams that follow it.
//
// A misused recover (below) is reported whether or not the goroutine can
// panic. Not reported: goroutines running a function of the standard
// library or of a dependency, or a function value the analysis cannot
// resolve, and goroutines in tests.
//
// Flags:
//
//	-gorecover.scope=handlers  goroutines started while serving a request
//	                           (the default), or "all" goroutines
//	-gorecover.recoverers=...  comma-separated functions that recover when
//	                           deferred, or launchers and wrappers whose
//	                           goroutines recover, as pkg/path.Func or
//	                           (*pkg/path.Type).Method
//	-gorecover.helper=...      a pkg/path.Func to defer in the suggested fix
//	                           instead of a literal that logs with package log
//	-gorecover.strict          report every goroutine without recover, not
//	                           only those that can plausibly panic
//	-gorecover.panickers=...   comma-separated functions whose calls can
//	                           panic (plugin runners, parsers of external
//	                           input), as pkg/path.Func or
//	                           (*pkg/path.Type).Method
//	-gorecover.hooks           count calls of function values whose source
//	                           is not seen (hooks, plugins, callbacks from
//	                           outside) as able to panic
//	-gorecover.indexes         count a computed index into any slice or
//	                           string as able to panic, not only an index
//	                           into a package-level table
//
// The suggested fix, for a goroutine running a function literal, defers a
// function that recovers and logs the panic with the standard log package
// (or defers the configured helper) at the top of the literal.
package gorecover
