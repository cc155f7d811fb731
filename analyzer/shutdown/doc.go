// Package shutdown defines the shutdown rule: servers that cannot stop
// gracefully, and the classic mistakes around Shutdown.
//
// # Analyzer shutdown
//
// shutdown: report servers that cannot stop gracefully, and mistakes that
// make Shutdown useless.
//
// Kubernetes, Docker and systemd stop a service with SIGTERM, then kill it
// after a grace period. A server that drains in that window loses nothing;
// one that exits at once cuts off every request in flight, on every
// deploy. The rule reports:
//
//   - (*gin.Engine).Run, RunTLS, RunUnix, RunFd, RunListener and
//     http.ListenAndServe, ListenAndServeTLS, Serve, ServeTLS: the server
//     they build is private, so nothing can shut it down (once for the
//     branches of one if/else chain, router.RunUnix / Run / RunTLS by
//     protocol: one fix);
//   - (*http.Server).ListenAndServe (Serve, ...TLS), echo's Start,
//     fiber's Listen and hertz's Run (which, unlike Spin, handles no
//     signal) on a server that nothing in the package ever calls
//     Shutdown or Close on (fiber v3's Listen given a ListenConfig with a
//     GracefulContext shuts down on its own), unless it escapes: returned, stored where other
//     code can reach it, or handed to a function (in
//     graceful.Run(srv.ListenAndServe, srv.Shutdown) the method value is a
//     shutdown path). A server is the variable or field that holds it: a
//     local defined once from a field (srv := s.srv in Start, and again in
//     Shutdown) holds the field's server;
//   - in a program that calls Shutdown, the error of ListenAndServe handed
//     to log.Fatal, a logger's Fatal or Panic, os.Exit or panic without
//     telling http.ErrServerClosed apart: ListenAndServe returns it the
//     moment Shutdown starts, and the process exits while Shutdown is still
//     draining (when the serving function is not on a goroutine of its
//     own, returning is as bad: its caller exits too);
//   - func main serving while another goroutine calls Shutdown, and
//     returning right after the server does, without waiting for
//     Shutdown to finish draining (fiber's Listen too: it returns nil the
//     moment Shutdown starts, and main's cleanup runs while connections
//     drain);
//   - Shutdown given a context with no deadline (context.Background(),
//     context.TODO(), or one derived from them by WithCancel), and
//     fiber's Shutdown(), which is ShutdownWithContext(context.Background()):
//     one connection that never goes idle makes it wait forever — when
//     something waits for it: not on a goroutine that its launcher does
//     not join and that signals nothing (no send, close, WaitGroup Done,
//     call of a function value or of the user's code), since no exit
//     waits for such a goroutine (a main that returns without waiting
//     for Shutdown is reported as such); nor where the same function stops
//     the server with a WithTimeout or WithDeadline context on another
//     path (if max <= 0 { srv.Shutdown(context.Background()) }): the code
//     offers the deadline, and "no limit" is the configuration's choice;
//   - Shutdown given a context derived from one the function has already
//     seen done (<-sigCtx.Done(), then context.WithTimeout(sigCtx, d)):
//     it returns context.Canceled at once and drains nothing; derive the
//     deadline from context.Background();
//   - Shutdown given a WithTimeout or WithDeadline context made before the
//     program waits for its stop: a timer counts from when it is made,
//     not from the stop, so after a day of serving it has expired and
//     Shutdown drains nothing. The stop comes after the wait when the
//     wait precedes it in the function that makes the timer, or in the
//     goroutine or deferred literal that calls Shutdown, or anywhere
//     after the timer when Shutdown is deferred there (it runs at the
//     return). A wait for the stop is a receive from a channel that
//     signal.Notify feeds, from the Done of a signal.NotifyContext context
//     or of a context parameter (the caller cancels it to stop), or a call
//     of the package's own function that waits so. A wait for anything
//     else (a ready signal, a result) may be short, and is not one; a
//     literal that is stored or passed runs when its holder decides, and
//     is not followed;
//   - signal.Notify or signal.NotifyContext listening for os.Interrupt
//     (SIGINT) but not SIGTERM, when the signal feeds a server's stop:
//     Shutdown or Close in the same function or a goroutine of it
//     (directly, or through a function of the user's with no parameters
//     that calls it: adminServer.Shutdown()), or a function
//     the signal's channel or context is handed to that stops a
//     server once it is done — in this package or another of the user's
//     code (main's signal context given to svr.Run(ctx), which calls
//     srv.Shutdown on ctx.Done(), known by a fact; dependencies have no
//     facts, so a library's Run(ctx) does not count; a signal that
//     cancels, through cancel(), the context svr.Run(ctx) waits on feeds
//     that stop too); a registration of
//     no stopping signal (signal.Notify(reload, syscall.SIGHUP)) is a
//     reload, not a stop, and is not reported;
//   - `defer srv.Shutdown(ctx)` in func main before main blocks serving
//     srv, in a program that handles no signal: SIGTERM's default action
//     ends the process at once without running deferred calls.
//
// WRONG:
//
//	func main() {
//		r := gin.Default()
//		r.GET("/", index)
//		r.Run(":8080") // cannot be shut down
//	}
//
// RIGHT:
//
//	func main() {
//		r := gin.Default()
//		r.GET("/", index)
//		srv := &http.Server{Addr: ":8080", Handler: r}
//		go func() {
//			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
//				log.Fatal(err)
//			}
//		}()
//		sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
//		defer stop()
//		<-sig.Done()
//		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
//		defer cancel()
//		if err := srv.Shutdown(ctx); err != nil {
//			log.Print(err)
//		}
//	}
//
// Servers are tracked by the variable or struct field that holds them, so
// several servers in one program are judged separately; servers kept in a
// slice or map are tracked by the collection (started in one loop, shut
// down in another); a server that
// comes in as a parameter belongs to the caller. Not reported:
//
//   - tests, and test support (a package whose non-test code imports
//     testing): its servers live as long as a test;
//   - debug and metrics side servers started on a goroutine (pprof,
//     expvar, Prometheus): http.ListenAndServe with such a handler, or an
//     http.Server of their own whose handler is one (no handler, with
//     net/http/pprof or expvar imported: DefaultServeMux) — built in the
//     same package or by a constructor in another (a fact says a
//     function returns a side handler or server: made from those
//     packages, or a mux that registers nothing else);
//   - http.Serve in a request handler (serving a hijacked connection on a
//     one-connection listener): it ends with that request;
//   - hertz's Spin, which shuts down gracefully on its own.
//
// Example programs and benchmark harnesses are reported like services:
// the rule cannot tell them apart without going by names, and examples
// are what users copy into services.
//
// Suggested fixes: ignore http.ErrServerClosed (errors.Is) in
// log.Fatal(srv.ListenAndServe()) and in if err != nil { log.Fatal(err) },
// when the server runs on a goroutine of its own (elsewhere that alone
// would not be enough); add syscall.SIGTERM to the signals.
//
// # Drain (-shutdown.drain)
//
// Shutdown waits for the handlers, not for the goroutines they started:
// the moment it returns, main returns, and every e-mail, audit row,
// webhook or upload still running on a detached goroutine is cut off, on
// every deploy (ctxcancel's own fix, context.WithoutCancel, makes such
// work outlive the request on purpose). With -shutdown.drain the rule
// reports, at a package's first Shutdown, the goroutines that request
// handlers start — directly, or through the service functions they call,
// in any package the one calling Shutdown imports at any depth (facts) —
// that do durable work: database/sql and gorm writes, outgoing HTTP and
// RPC calls, file writes, e-mail, queue publishes (a table of calls of
// the standard library and dependencies, matched by the resolved
// function, shared with ctxcancel in internal/iocalls), and
// context-taking calls of dependencies, which ctxcancel takes to do I/O.
// Related positions name the first three goroutines; the message says
// how many.
//
// Not reported, because the work is drained or not durable:
//
//   - goroutines counted on a long-lived counter (a WaitGroup, errgroup
//     or a tracker type with a Wait method, held in a struct field or a
//     package variable — not a local of the handler, whose Wait returns
//     with the request) that the program waits for outside request
//     handlers: after Shutdown in main, in a Close main calls, in a
//     RegisterOnShutdown hook. The rule does not check that the Wait
//     runs after Shutdown;
//   - goroutines joined before the handler returns (wg.Wait, a receive);
//   - goroutines that only log or count in memory;
//   - work handed to a queue (a channel send): no goroutine starts in
//     the handler. Whether the queue's worker is stopped and waited for
//     is not checked.
//
// No fix is suggested: where main should wait, and for how long, is the
// program's choice.
//
// Off by default: its first run on applications the project had not
// run found nothing, and what it reports since was measured mostly on
// the applications it was tuned on (docs/field-results.md, issue 20);
// it stays off until a batch it was not tuned on confirms it. Not
// found: work started by handlers the model does not know (a
// framework's own request type), stops inside a framework's Run,
// queues whose workers nobody waits for.
//
// WRONG:
//
//	func signup(c *gin.Context) {
//		go sendWelcome(c.PostForm("email")) // cut off when main returns
//		c.Status(http.StatusAccepted)
//	}
//
// RIGHT:
//
//	var background sync.WaitGroup
//
//	func signup(c *gin.Context) {
//		email := c.PostForm("email")
//		background.Add(1)
//		go func() {
//			defer background.Done()
//			sendWelcome(email)
//		}()
//		c.Status(http.StatusAccepted)
//	}
//
//	// in main, after srv.Shutdown(ctx):
//	done := make(chan struct{})
//	go func() { background.Wait(); close(done) }()
//	select {
//	case <-done:
//	case <-ctx.Done(): // the deadline: log what is left
//	}
package shutdown
