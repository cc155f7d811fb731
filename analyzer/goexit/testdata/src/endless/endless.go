package endless

import (
	"context"
	"errors"
	"log"
	"os"
	"time"

	"github.com/gin-gonic/gin"
)

func push(string)        {}
func work() error        { return nil }
func poll() (int, error) { return 0, nil }

// The shape users write: a ticker loop started per request, no way out.
func Subscribe(c *gin.Context) {
	id := c.Param("id")
	ticker := time.NewTicker(time.Second)
	go func() { // want `goexit: this goroutine never finishes: its for loop has no return, no break out of it and no case for cancellation, so every request that starts it leaves one more goroutine running`
		for {
			select {
			case <-ticker.C:
				push(id)
			}
		}
	}()
}

// The same loop with a case for the request's cancellation.
func SubscribeCancel(c *gin.Context) {
	id := c.Param("id")
	ctx := c.Request.Context()
	ticker := time.NewTicker(time.Second)
	go func() {
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				push(id)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// work(); sleep, forever.
func Sleeper(c *gin.Context) {
	go func() { // want `goexit: this goroutine never finishes: its for loop has no return`
		for {
			_ = work()
			time.Sleep(time.Second)
		}
	}()
}

// Exits on error: fine.
func ExitsOnError(c *gin.Context) {
	go func() {
		for {
			if err := work(); err != nil {
				return
			}
			time.Sleep(time.Second)
		}
	}()
}

// Exits once the context is cancelled, by a break out of the loop.
func ExitsOnErr(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		for {
			if ctx.Err() != nil {
				break
			}
			_ = work()
		}
		log.Println("done")
	}()
}

// A labeled break out of the loop, from inside the select.
func LabeledBreak(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-time.After(time.Second):
				_ = work()
			}
		}
	}()
}

// The classic mistake: break in a select leaves only the select.
func BreakInSelect(c *gin.Context) {
	ctx := c.Request.Context()
	t := time.NewTicker(time.Second)
	go func() { // want `goexit: this goroutine never finishes: .* the break at line 109 leaves only the select or switch, not the loop: return there, or break with a label on the loop`
		for {
			select {
			case <-ctx.Done():
				break
			case <-t.C:
				_ = work()
			}
		}
	}()
}

// Exits by panic, os.Exit or log.Fatal: the goroutine does not outlive
// them.
func ExitsByPanic(c *gin.Context) {
	go func() {
		for {
			if err := work(); errors.Is(err, os.ErrClosed) {
				panic(err)
			}
		}
	}()
	go func() {
		for {
			if _, err := poll(); err != nil {
				log.Fatal(err)
			}
		}
	}()
}

// A range over a ticker's channel never ends: Stop does not close it.
func RangeTicker(c *gin.Context) {
	t := time.NewTicker(time.Second)
	go func() { // want `goexit: this goroutine never finishes: its range over t.C has no return`
		for range t.C {
			_ = work()
		}
	}()
}

// A range over a channel from a parameter may end when its owner closes it.
func RangeParam(c *gin.Context, events <-chan string) {
	go func() {
		for e := range events {
			push(e)
		}
	}()
}

// A loop with a condition ends when it is false.
func Conditional(c *gin.Context) {
	go func() {
		for i := 0; i < 10; i++ {
			_ = work()
		}
	}()
}

// A loop only reached on some path is not reported: precision first.
func MaybeLoop(c *gin.Context, watch bool) {
	go func() {
		if watch {
			for {
				_ = work()
			}
		}
	}()
}

// A return in a function literal inside the loop does not leave it.
func ReturnInLiteral(c *gin.Context) {
	go func() { // want `goexit: this goroutine never finishes`
		for {
			f := func() error { return work() }
			_ = f()
		}
	}()
}

type Hub struct{ ticker *time.Ticker }

// run loops forever.
func (h *Hub) run() { // want run:`goexit\(endless: range over h.ticker.C at endless.go:\d+\)`
	for range h.ticker.C {
		_ = work()
	}
}

// runWithCtx returns when ctx is done.
func (h *Hub) runWithCtx(ctx context.Context) {
	for {
		select {
		case <-h.ticker.C:
			_ = work()
		case <-ctx.Done():
			return
		}
	}
}

// serve calls run: endless too.
func (h *Hub) serve() { // want serve:`goexit\(endless: via \(\*endless.Hub\).run\)`
	log.Println("serving")
	h.run()
}

// Named functions and methods started as goroutines, and literals that
// call them.
func Named(c *gin.Context) {
	h := &Hub{ticker: time.NewTicker(time.Second)}
	go h.run() // want `goexit: this goroutine never finishes: it runs \(\*endless.Hub\).run, whose loop never ends \(range over h.ticker.C at endless.go:\d+; Stop does not close a ticker.s channel\)`
	go h.runWithCtx(c.Request.Context())
	go h.serve() // want `goexit: this goroutine never finishes: it runs \(\*endless.Hub\).serve, whose loop never ends \(via \(\*endless.Hub\).run\)`
	go func() {  // want `goexit: this goroutine never finishes: it calls \(\*endless.Hub\).run`
		defer log.Println("stopped")
		h.run()
	}()
}

// Setup code runs once: a background worker started here lives with the
// process by design, and is reported only with -goexit.scope=all.
func Setup(r *gin.Engine) { // want Setup:`goexit\(starts endless: go statement at endless\.go:\d+\)`
	go func() {
		for {
			_ = work()
			time.Sleep(time.Minute)
		}
	}()
	r.GET("/x", Subscribe)
}
