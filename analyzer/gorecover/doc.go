// Package gorecover defines the gorecover rule: a goroutine started while
// serving a request, with no deferred recover.
//
// # Analyzer gorecover
//
// gorecover: report goroutines started while serving a request that do not
// recover their own panics.
//
// gin.Recovery, echo's and fiber's recover middleware and net/http's
// per-connection recover catch a panic only on the goroutine that serves
// the request. A panic in a goroutine the handler starts is not theirs to
// catch: it ends the whole process, with every request in flight.
//
// WRONG:
//
//	func Upload(c *gin.Context) {
//		go func() {
//			resize(img) // a nil pointer here kills the server
//		}()
//	}
//
// RIGHT:
//
//	func Upload(c *gin.Context) {
//		go func() {
//			defer func() {
//				if r := recover(); r != nil {
//					log.Printf("panic in goroutine: %v", r)
//				}
//			}()
//			resize(img)
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
// sync.WaitGroup.Go, time.AfterFunc, -launchers); errgroup does not recover
// panics. Not reported: goroutines that cannot panic (they only receive,
// select, sleep, cancel a context, call wg.Done, print through fmt or log,
// or exit), goroutines running a function of the standard library or a
// function value the analysis cannot resolve, and goroutines in tests.
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
//
// The suggested fix, for a goroutine running a function literal, defers a
// function that recovers and logs the panic with the standard log package
// (or defers the configured helper) at the top of the literal.
package gorecover
