// Package timeafter defines the timeafter rule: time.After and time.Tick
// evaluated on every iteration of a loop.
//
// # Analyzer timeafter
//
// timeafter: report time.After and time.Tick evaluated on every iteration
// of a loop, and tickers that are never stopped before Go 1.23.
//
// Each call to time.After makes a new timer. In a loop whose select has
// another case that carries the loop on — a busy channel beside an idle
// timeout — every iteration makes a timer while the previous ones are
// still pending. Before Go 1.23 each of them stays in memory until it
// fires, so timers pile up by the thousand on a busy channel.
//
// From Go 1.23 (the go line of the module, or a //go:build constraint of
// the file) unfired timers are garbage collected, and time.After in a
// loop is not reported by default. What remains is that the timeout
// restarts on every iteration: it fires only after d without any other
// case. That is the meaning of an idle timeout ("close the connection
// after 30 s without a message"), which is how it is used in the code we
// have read, and the rule cannot tell it from a periodic timeout written
// by mistake (staticcheck's SA1015, the time.Tick leak, went quiet from
// Go 1.23 when the leak went away). -timeafter.restarts reports those
// loops too, with the fix below. time.Tick in a loop is reported whatever the version: Tick
// says "periodically", and a ticker per iteration restarts the period
// on every other case, so a busy loop never ticks.
//
// WRONG:
//
//	for {
//		select {
//		case msg := <-msgs:
//			handle(msg)
//		case <-time.After(time.Minute): // a timer per message
//			flush()
//		}
//	}
//
// RIGHT: one timer, reset on each iteration (Go 1.23 and later, where
// Reset needs no draining):
//
//	timer := time.NewTimer(time.Minute)
//	defer timer.Stop()
//	for {
//		timer.Reset(time.Minute)
//		select {
//		case msg := <-msgs:
//			handle(msg)
//		case <-timer.C:
//			flush()
//		}
//	}
//
// If the timeout should cover the whole loop rather than each wait, make
// the timer (or a context.WithTimeout) once before the loop and do not
// reset it.
//
// The rule does not report a select in which every other case leaves the
// loop: the sleep-with-cancel idiom
//
//	for {
//		work()
//		select {
//		case <-ctx.Done():
//			return
//		case <-time.After(d):
//		}
//	}
//
// never has more than one timer pending. A case that waits for a stop
// signal — a chan struct{} such as quit or ctx.Done(), its value dropped —
// and can leave the loop counts as leaving it, even when it returns only
// under a condition (`case <-quit: if !errors.Is(err, errEmpty) { return }`):
// a closed channel is ready on every iteration, so a case that did not
// leave would spin, and the rule assumes the condition leaves once the
// signal came. A select followed by a return in the same iteration runs
// once, unless its case continues the loop. Nor does it report `<-time.After(d)`
// used as a sleep, a single select outside a loop, a timer made before the
// loop (deadline := time.After(d)), or a time.After in a function literal
// that is merely defined in the loop.
//
// time.Tick in a loop is always reported: each call starts a ticker that
// is never stopped (before Go 1.23 it is never collected either), and the
// period restarts on every iteration. Make one ticker before the loop.
//
// For files before Go 1.23 the rule also reports a time.NewTicker whose
// ticker is never stopped in a function that can return: such a ticker
// keeps firing, and is never collected, after nothing can receive from it.
// The fix is `defer t.Stop()`. The same holds for time.Tick outside a
// loop in a function that can return after it (a per-connection or
// per-request function): nothing can stop that ticker, so every call
// leaks one more; a function that never returns starts one, which is
// what time.Tick is for, and main and init run once.
//
// Nor does it report a counted loop that only waits, once per
// iteration, for one of a known number of events (`for range readers {
// select { case <-returned: case <-time.After(d): t.Fatal(...) } }`, a
// range over a slice, an integer or a map, or `for i := 0; i < n; i++`,
// whose body is the select alone): a timeout per awaited event is what it
// means, and it makes at most that many timers. A counted loop that does
// other work beside the select is still the busy-channel shape.
//
// A call through a variable set to time.After or time.Tick (var after =
// time.After, a test seam) allocates per call just the same: a variable
// of the package, or a local one, whose only value in the package's
// non-test files is the time function counts as a call of it (what tests
// put there is theirs). Seams of other packages are not followed. No fix
// is offered through a seam: a timer made directly would bypass it.
//
// The suggested fix for time.After hoists the timer out of the loop as in
// RIGHT above. It is offered only for Go 1.23 and later, with
// -timeafter.restarts (before, Reset on
// a timer that fired unobserved leaves a stale value in its channel), when
// the duration can be evaluated before the loop and has no side effects,
// and when the loop is not itself inside another loop (the deferred Stop
// would pile up).
//
// Flags:
//
//	-timeafter.restarts  also report time.After in a loop in code for
//	                     Go 1.23 and later
package timeafter
