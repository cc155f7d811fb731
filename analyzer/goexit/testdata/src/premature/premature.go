package premature

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
)

type result struct{ n int }

func slowQuery() result { return result{} }
func slowErr() error    { return nil }
func validate() error   { return nil }

// The classic leak: the timeout case returns, the goroutine waits forever.
func Timeout(c *gin.Context) {
	ch := make(chan result)
	go func() {
		ch <- slowQuery() // want `goexit: the goroutine blocks forever on ch <- slowQuery\(\): Timeout can return through the case <-time.After\(2 \* time.Second\) without receiving from ch, which is unbuffered, and then nothing ever will — give ch a buffer for every send: make\(chan result, 1\)`
	}()
	select {
	case r := <-ch:
		c.JSON(200, r)
	case <-time.After(2 * time.Second):
		c.JSON(504, nil)
	}
}

// A buffer with room for the send: it completes whether or not anyone
// receives.
func Buffered(c *gin.Context) {
	ch := make(chan result, 1)
	go func() { ch <- slowQuery() }()
	select {
	case r := <-ch:
		c.JSON(200, r)
	case <-time.After(2 * time.Second):
		c.JSON(504, nil)
	}
}

// The request's context as the other case.
func RequestDone(c *gin.Context) {
	errc := make(chan error)
	go func() {
		errc <- slowErr() // want `goexit: the goroutine blocks forever on errc <- slowErr\(\): RequestDone can return through the case <-c.Request.Context\(\).Done\(\) without receiving from errc`
	}()
	select {
	case err := <-errc:
		_ = err
	case <-c.Request.Context().Done():
		return
	}
}

// The send itself in a select with ctx.Done(): the goroutine can give up.
func SendWithCancel(c *gin.Context) {
	ctx := c.Request.Context()
	ch := make(chan result)
	go func() {
		select {
		case ch <- slowQuery():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		c.JSON(200, r)
	case <-ctx.Done():
	}
}

// An early return before the receive.
func EarlyReturn(ctx context.Context) error {
	done := make(chan error)
	go func() {
		done <- slowErr() // want `goexit: the goroutine blocks forever on done <- slowErr\(\): EarlyReturn can return at line 82 without receiving from done`
	}()
	if err := validate(); err != nil {
		return err
	}
	return <-done
}

// Received on every path.
func Always() error {
	done := make(chan error)
	go func() { done <- slowErr() }()
	if err := validate(); err != nil {
		return errors.Join(err, <-done)
	}
	return <-done
}

// Fan-in: the loop that receives takes everything that is sent.
func FanIn(urls []string) []result {
	ch := make(chan result)
	for range urls {
		go func() { ch <- slowQuery() }()
	}
	var out []result
	for range urls {
		out = append(out, <-ch)
	}
	return out
}

// Fan-in with a timeout in the loop: every goroutine not yet received
// from when the timeout fires is stuck.
func FanInTimeout(urls []string) []result {
	ch := make(chan result)
	for range urls {
		go func() {
			ch <- slowQuery() // want `goexit: the goroutine blocks forever on ch <- slowQuery\(\): FanInTimeout can return through the case <-time.After\(time.Second\)`
		}()
	}
	var out []result
	for range urls {
		select {
		case r := <-ch:
			out = append(out, r)
		case <-time.After(time.Second):
			return out
		}
	}
	return out
}

// Nothing receives at all.
func Dropped() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goexit: the goroutine blocks forever on ch <- 1: nothing in Dropped receives from ch`
	}()
}

// Handed to another function, which may receive: we cannot tell.
func Escapes(consume func(<-chan int)) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	consume(ch)
}

// Received by another goroutine.
func OtherReceiver() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go func() { <-ch }()
}

// Two sends, one goroutine: a buffer of two.
func TwoSends(ctx context.Context) (int, int) {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goexit: the goroutine blocks forever on ch <- 1: .* make\(chan int, 2\)`
		ch <- 2
	}()
	select {
	case a := <-ch:
		return a, <-ch
	case <-ctx.Done():
		return 0, 0
	}
}

// A named function started with the channel: its send is known by fact.
func produce(ch chan<- result) { ch <- slowQuery() } // want produce:`goexit\(sends \[0\]\)`

func NamedSender(c *gin.Context) {
	ch := make(chan result)
	go produce(ch) // want `goexit: the goroutine blocks forever in premature.produce, sending on ch: NamedSender can return through the case <-time.After\(time.Second\)`
	select {
	case r := <-ch:
		c.JSON(200, r)
	case <-time.After(time.Second):
	}
}

// Paths that end in a panic are not returns.
func PanicPath() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if err := validate(); err != nil {
		panic(err)
	}
	return <-ch
}

// The channel handed to the literal as an argument.
func AsArgument(ctx context.Context) int {
	ch := make(chan int)
	go func(out chan<- int) {
		out <- 1 // want `goexit: the goroutine blocks forever on out <- 1: AsArgument can return through the case <-ctx.Done\(\) without receiving from ch`
	}(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
