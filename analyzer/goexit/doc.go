// Package goexit defines the goexit rule: goroutines that can never
// finish.
//
// # Analyzer goexit
//
// goexit: report goroutines that can never finish — a loop with no way
// out, a send that nobody will receive, a range over a channel nobody
// closes.
//
// A goroutine that cannot finish is never collected: its stack and
// everything it references stay in memory. Started once per request, such
// goroutines pile up until the process runs out of memory or slows to a
// crawl; the goroutine count in pprof grows without bound. The rule
// reports three shapes.
//
// An endless loop with no cancellation, in a goroutine started while
// serving a request:
//
//	func Subscribe(c *gin.Context) {
//		go func() { // WRONG: runs forever, one more per request
//			for {
//				select {
//				case <-ticker.C:
//					push(c.Param("id"))
//				}
//			}
//		}()
//	}
//
// RIGHT: return when the request, or the work, is done:
//
//	ctx := c.Request.Context()
//	go func() {
//		for {
//			select {
//			case <-ticker.C:
//				push(id)
//			case <-ctx.Done():
//				return
//			}
//		}
//	}()
//
// A loop has a way out when it can return, break out (an unlabeled break
// in a select or switch leaves only that statement: the rule says so when
// that is the only exit), goto out, panic or exit the process (os.Exit,
// log.Fatal, a logger's Fatal or Panic: logrus, zap, klog and the others
// of the knowledge layer's table, apis.EndsProcess). A loop that ends on
// an error or on ctx.Err() != nil is fine. Endless loops are
// reported only in goroutines started per request, by default: a
// background worker started once at setup lives as long as the process by
// design. A handler that calls a helper which starts such a goroutine
// (h.startPoller(), svc.watch(id)), directly or through other calls and
// packages, starts one per request too: the rule reports the handler's
// call, with the helper's go statement as the related position. Helpers
// reached only from main, init or constructors stay silent, and so do
// those called inside a sync.Once's function (a singleton's getter:
// svcOnce.Do(func() { svc = NewService() })) or to build a lazy singleton
// (if svc != nil { return svc }; svc, err = NewService()), which run once
// per process. The flag
// -goexit.scope=all reports endless goroutines wherever they start.
//
// A premature return: the goroutine sends on an unbuffered channel made by
// the function that starts it, and that function can return without
// receiving — through the other case of a select (a timeout,
// ctx.Done()) or an early return. The send then blocks forever:
//
//	ch := make(chan result) // WRONG: unbuffered
//	go func() { ch <- slowQuery() }()
//	select {
//	case r := <-ch:
//		c.JSON(200, r)
//	case <-time.After(2 * time.Second):
//		c.JSON(504, nil) // returns; the goroutine waits forever
//	}
//
// RIGHT: ch := make(chan result, 1) — the send completes whether or not
// anyone receives. The suggested fix gives the channel a buffer of the
// number of sends: for goroutines started in a loop, the loop's count
// (len(urls), n) when it can be written at the make; when the number is
// unknown there is no fix, since a buffer of one would not cover them.
//
// Fan-out with fewer receives than senders — first response wins:
//
//	ch := make(chan result) // WRONG: the slower replicas block forever
//	for _, r := range replicas {
//		go func() { ch <- query(r) }()
//	}
//	return <-ch
//
// RIGHT: make(chan result, len(replicas)), or senders that select on a
// ctx.Done() the function cancels. A receive in a loop is taken to
// receive once per sender. The same holds when the channel comes from a function
// that makes it, starts the sending goroutine and returns it (followed
// across packages by facts); then the buffer goes in that function.
//
// An abandoned fan-in: senders (and a closer, wg.Wait(); close(results))
// feed an unbuffered channel the function ranges over, and it returns or
// breaks out of the range on the first error. A range takes every send
// only if it runs until the channel is closed; left early, the senders
// still to send block forever, and the closer in wg.Wait with them:
//
//	for r := range results {
//		if r.err != nil {
//			return // WRONG: the other senders block on results forever
//		}
//	}
//
// RIGHT: make(chan result, len(urls)), or drain after the break
// (for range results {}). A goroutine that sends once is taken by the
// range's first iteration, and is not reported.
//
// A send whose only receiver is another goroutine of the same function,
// which can return first — a loop that receives in one case and returns
// on a done signal or an error in another: once it has returned, the
// sender blocks forever. Let the sender give up on the same signal.
//
// A range over a channel that the starting function makes and never
// closes, and that goes nowhere else: the range never ends, and the
// goroutine waits for one more value forever. Close the channel after the
// last send. The same when the function closes it on some paths only — an
// early return (a validation error, ctx.Done()) skips the close: defer
// close(ch) where it is made.
//
// A stop signal skipped on some path: the goroutine's loop ends only on a
// receive from a stop channel its starting function makes (a refresh
// loop, case <-stop: return), and that function can return without
// closing it or sending on it — an early return on an error. The exit
// must be reachable on every path out of the owner:
//
//	stop := make(chan struct{})
//	go func() {
//		for {
//			select {
//			case <-tick.C:
//				refresh()
//			case <-stop:
//				return
//			}
//		}
//	}()
//	if err := work(); err != nil {
//		return // WRONG: stop is never closed, the loop runs forever
//	}
//	close(stop)
//
// RIGHT: defer close(stop) where it is made. A loop with another way out
// (ctx.Done(), an error), and a stop channel handed to other code, are not
// reported; nor, for now, a named function run as the goroutine.
//
// A channel held by a per-request session: an unbuffered channel field of
// a struct made per request (in a handler, or by a constructor only
// handlers call — a websocket or SSE session), whose receivers are loops
// that can return otherwise than on the channel's close (a write error,
// a quit case). Once that loop has returned, the next send on the field
// — the reader's next message, a stop method's quit signal — blocks
// forever, one goroutine per session:
//
//	func (s *session) writeLoop() {
//		for msg := range s.out {
//			if err := s.conn.Write(msg); err != nil {
//				return // the receiver is gone
//			}
//		}
//	}
//	func (s *session) readLoop() {
//		for {
//			msg, err := s.conn.Read()
//			...
//			s.out <- msg // WRONG: blocks forever after a write error
//		}
//	}
//
// RIGHT: the receiver closes a done channel when it returns (defer
// close(s.done)) and the senders select on it (or on the request's
// context) beside the send. Not reported: a buffered field, a receiver
// that drains until the channel is closed, a send in a select with
// another case, a field handed on or copied to a variable, and a struct
// made in main, at package level or by a function not only handlers call
// (a long-lived hub is a background worker).
//
// A goroutine is reported once, at the first place it can block; the
// others (a send on errc beside one on resc) are related positions.
//
// Not reported: a send in a select with another case (ctx.Done(), a
// default); channels with a buffer; a channel received on every path, or
// in a loop — a loop whose select receives in every case from the
// goroutines' channels (a result or an error each) counts, if nothing but
// its condition ends it; a case on t.Context().Done() of a test, which the
// testing package cancels only after the test returns; a path on which
// the test has failed (t.Error, t.Errorf or t.Fail, then return), as one
// through t.Fatal: what leaks after the run has failed is not the
// question; channels handed to other functions or stored (someone else
// may receive or close them); goroutines started in main.main or an init
// function, which live as long as the process anyway (the flag -goexit.main
// checks them too). Functions of versioned dependencies, which have no
// facts (only the user's code is analysed): `go lib.Loop()` on a
// library's endless loop, a library function that ranges over or sends
// on a channel argument, or returns a channel its goroutine sends on —
// the library's own goroutines are its authors' business, and facts
// about them were the cost of analysing every dependency from source.
package goexit
