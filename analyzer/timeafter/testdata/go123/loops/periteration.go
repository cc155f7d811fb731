package loops

import (
	"context"
	"errors"
	"testing"
	"time"
)

func run(job string, done chan<- struct{}) { close(done) }

// Regression (apache/answer's tests): a one-shot wait with a timeout,
// repeated per job. The channel beside the timer is new in every
// iteration, so the timeout per iteration is what is meant.
func RunAll(jobs []string) error {
	for _, job := range jobs {
		done := make(chan struct{})
		go run(job, done)
		select {
		case <-done:
		case <-time.After(time.Second):
			return errors.New("timeout")
		}
	}
	return nil
}

type worker struct{ done chan struct{} }

// The same through a field of a per-iteration value.
func WaitAll(ws []*worker) {
	for _, w := range ws {
		select {
		case <-w.done:
		case <-time.After(time.Second):
		}
	}
}

// Regression (nezha's tests): the Done of each context in turn.
func AllCancelled(ctxs []context.Context) bool {
	for _, ctx := range ctxs {
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
			return false
		}
	}
	return true
}

// t.Fatalf ends the test's goroutine: the case leaves the loop.
func CheckAll(t *testing.T, results <-chan error) {
	for {
		select {
		case <-time.After(time.Second):
			t.Fatalf("no result")
		case err := <-results:
			t.Fatal(err)
		}
	}
}

// A long-lived channel beside the timer, in a loop that does other work
// too: still the busy-channel shape.
func Drain(results <-chan error, jobs []string) {
	for _, job := range jobs {
		handle(job)
		select {
		case err := <-results:
			_ = err
		case <-time.After(time.Second): // want `timeafter: time.After\(time.Second\) makes a new timer on every iteration of this loop: each time case <-results carries`
		}
	}
}

// A counted loop that only waits, once per iteration, for one of n
// events, each with its own timeout: n timers, one per awaited event, as
// the author means (dify-plugin-daemon's stream test).
func AwaitEach(returned <-chan bool, readers int) bool {
	for range readers {
		select {
		case ok := <-returned:
			if ok {
				return false
			}
		case <-time.After(time.Second):
			return false
		}
	}
	return true
}

// The look-alike: the same wait in an endless loop is the busy-channel
// shape.
func AwaitForever(returned <-chan bool) {
	for {
		select {
		case <-returned:
		case <-time.After(time.Second): // want `timeafter: time.After\(time.Second\) makes a new timer on every iteration of this loop: each time case <-returned carries`
			return
		}
	}
}
