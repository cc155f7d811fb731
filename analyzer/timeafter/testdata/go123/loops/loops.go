package loops

import (
	"context"
	"log"
	"time"
)

func handle(string) {}
func flush()        {}
func work()         {}

// A busy channel beside an idle timeout: a timer per message.
func IdleTimeout(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-time.After(time.Minute): // want `timeafter: time.After\(time.Minute\) makes a new timer on every iteration of this loop: each time case <-msgs carries the loop on, the timeout restarts \(it fires only after time.Minute with no other case\)`
			flush()
		}
	}
}

// The sleep-with-cancel idiom: the only other case leaves the loop, so
// there is never more than one timer pending.
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

// Leaving by a labeled break, a panic or log.Fatal counts as leaving too.
func LeavesOtherwise(ctx context.Context, errs <-chan error) {
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-errs:
			if err != nil {
				log.Fatal(err)
			} else {
				panic("nil error")
			}
		case <-time.After(time.Second):
		}
	}
}

// An unlabeled break in a case leaves only the select: the loop goes on,
// and so a timer is made per iteration while errs is busy.
func BreakLeavesSelect(errs <-chan error) {
	for {
		select {
		case <-errs:
			break
		case <-time.After(time.Second): // want `timeafter: time.After\(time.Second\) makes a new timer on every iteration of this loop: each time case <-errs carries`
			return
		}
	}
}

// A case that returns only sometimes carries the loop on otherwise.
func SometimesReturns(errs <-chan error) {
	for {
		select {
		case err := <-errs:
			if err != nil {
				return
			}
		case <-time.After(time.Second): // want `each time case <-errs carries the loop on`
		}
	}
}

// A default case carries the loop on at once: a timer per spin.
func WithDefault() {
	for {
		select {
		case <-time.After(time.Millisecond): // want `each time the default case carries the loop on`
			return
		default:
			work()
		}
	}
}

// A timer made before the loop is made once.
func Deadline(msgs <-chan string) {
	deadline := time.After(time.Minute)
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-deadline:
			return
		}
	}
}

// A timer made in the loop but stored first is the same timer per
// iteration as the inline one.
func StoredInLoop(msgs <-chan string, d time.Duration) {
	for {
		timeout := time.After(d) // want `timeafter: time.After\(d\) makes a new timer on every iteration of this loop`
		select {
		case msg := <-msgs:
			handle(msg)
		case <-timeout:
			flush()
		}
	}
}

// A single select outside any loop makes one timer.
func Once(msgs <-chan string) {
	select {
	case msg := <-msgs:
		handle(msg)
	case <-time.After(time.Second):
	}
}

// <-time.After as a sleep: one timer at a time, each fires before the next.
func Sleep() {
	for i := 0; i < 3; i++ {
		<-time.After(time.Millisecond)
		work()
	}
}

// A function literal defined in the loop does not run per iteration by
// being defined there.
func LiteralInLoop(msgs <-chan string) []func() {
	var fs []func()
	for range 3 {
		fs = append(fs, func() {
			select {
			case msg := <-msgs:
				handle(msg)
			case <-time.After(time.Second):
			}
		})
	}
	return fs
}

// One timer reused with Reset.
func Reused(msgs <-chan string) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	for {
		t.Reset(time.Second)
		select {
		case msg := <-msgs:
			handle(msg)
		case <-t.C:
			flush()
		}
	}
}

// time.Tick in a loop starts a ticker per iteration.
func TickInLoop(stop <-chan struct{}) {
	for {
		select {
		case <-time.Tick(time.Second): // want `timeafter: time.Tick\(time.Second\) starts a new ticker on every iteration of this loop, so the period restarts`
			work()
		case <-stop:
			return
		}
	}
}

// Ranging over time.Tick evaluates it once.
func TickRange() {
	for range time.Tick(time.Second) {
		work()
	}
}

// A ticker made before the loop and stopped.
func Ticker(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			work()
		case <-stop:
			return
		}
	}
}

// From Go 1.23 an unstopped ticker is collected once unreachable: no
// report for the missing Stop.
func TickerNotStopped(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
			work()
		case <-stop:
			return
		}
	}
}
