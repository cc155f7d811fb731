package old

import (
	"context"
	"time"
)

func handle(string) {}
func work()         {}

// Before Go 1.23 each timer stays until it fires: they pile up. No fix:
// Reset on a timer that fired unobserved would leave a stale tick.
func IdleTimeout(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-time.After(time.Minute): // want `timeafter: time.After\(time.Minute\) makes a new timer on every iteration of this loop, and before Go 1.23 each one stays in memory until it fires: while case <-msgs carries the loop on, timers pile up`
		}
	}
}

func SleepWithCancel(ctx context.Context) {
	for {
		work()
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func TickInLoop(stop <-chan struct{}) {
	for {
		select {
		case <-time.Tick(time.Second): // want `timeafter: time.Tick\(time.Second\) starts a new ticker on every iteration of this loop and none is ever stopped: before Go 1.23 each keeps firing and is never garbage collected`
			work()
		case <-stop:
			return
		}
	}
}

// A ticker never stopped in a function that returns keeps firing forever.
func Poll(ctx context.Context) {
	t := time.NewTicker(time.Second) // want `timeafter: ticker t is never stopped, and Poll can return: before Go 1.23 an unstopped ticker is never garbage collected and keeps firing — add defer t.Stop\(\)`
	for {
		select {
		case <-t.C:
			work()
		case <-ctx.Done():
			return
		}
	}
}

// Stopped in a deferred literal.
func PollStopped(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer func() { t.Stop() }()
	for {
		select {
		case <-t.C:
			work()
		case <-ctx.Done():
			return
		}
	}
}

// A ticker for the life of the process: the function never returns.
func Forever() {
	t := time.NewTicker(time.Second)
	for range t.C {
		work()
	}
}

// Returned to the caller, who owns it.
func NewPoller() *time.Ticker {
	t := time.NewTicker(time.Second)
	return t
}

// Handed to a goroutine that goes on using it after the return.
func Background() {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			work()
		}
	}()
}

// Once per connection: a ticker nothing stops leaks on every call (issue 24).
func ServeConn(ctx context.Context, send func() error) {
	tick := time.Tick(30 * time.Second) // want `timeafter: time.Tick\(30 \* time.Second\) starts a ticker nothing can stop, and ServeConn can return: before Go 1.23 such a ticker is never garbage collected and keeps firing, so every call of ServeConn leaks one more — use t := time.NewTicker\(30 \* time.Second\) with defer t.Stop\(\)`
	for {
		select {
		case <-tick:
			if send() != nil {
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// A function that never returns starts one ticker for the process: what
// time.Tick is for.
func Heartbeat() {
	for range time.Tick(time.Minute) {
		work()
	}
}

func TickForever() {
	tick := time.Tick(time.Minute)
	for {
		<-tick
		work()
	}
}

// A package-level ticker is made once.
var pkgTick = time.Tick(time.Hour)
