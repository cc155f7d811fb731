package loops

import (
	"errors"
	"time"
)

var errEmpty = errors.New("empty")

func poll() error { return nil }

// Regression: sleep-with-cancel whose quit case returns under a
// condition. A closed quit is ready on every iteration; the condition is
// the author's way out, and there is one pending timer at a time.
func PollUntilQuit(quit chan struct{}) {
	for {
		err := poll()
		select {
		case <-quit:
			if !errors.Is(err, errEmpty) {
				return
			}
		case <-time.After(time.Second):
		}
	}
}

// The look-alike: a quit case that never leaves spins on a closed quit,
// and while quit is open a busy msgs restarts the timer.
func QuitNeverLeaves(quit chan struct{}, msgs <-chan string) {
	for {
		select {
		case <-quit:
			flush()
		case msg := <-msgs:
			handle(msg)
		case <-time.After(time.Second): // want `timeafter: time.After\(time.Second\) makes a new timer on every iteration of this loop: each time case <-quit carries the loop on`
		}
	}
}

// A signal that carries a value is not a close: a value channel that
// returns only sometimes carries the loop on.
func ValueSometimesReturns(tick <-chan time.Time) {
	for {
		select {
		case <-tick:
			if poll() != nil {
				return
			}
		case <-time.After(time.Second): // want `each time case <-tick carries the loop on`
		}
	}
}

// Regression: a nested select followed by return. The inner time.After
// runs once, since the case returns after the inner select.
func NestedSelectThenReturn(quit, done chan struct{}, msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-quit:
			select {
			case <-done:
			case <-time.After(time.Second):
			}
			return
		}
	}
}

// The look-alike: a case of the inner select continues the loop, skipping
// the return.
func NestedSelectContinues(quit, done chan struct{}, msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-quit:
			select {
			case <-done:
				continue
			case <-time.After(time.Second): // want `each time case <-done carries the loop on`
			}
			return
		}
	}
}
