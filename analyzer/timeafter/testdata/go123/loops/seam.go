package loops

import "time"

// Test seams: variables set to time.After and time.Tick, which tests
// replace. The program calls time's, one timer (or ticker) per call.
var (
	after = time.After
	tick  = time.Tick
	// sleepy is set to something else below: not time.After's to judge.
	sleepy = time.After
)

func init() {
	sleepy = func(time.Duration) <-chan time.Time { return nil }
}

func SeamIdle(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-after(time.Minute): // want `timeafter: after\(time.Minute\) \(time.After\) makes a new timer on every iteration of this loop: each time case <-msgs carries the loop on`
			flush()
		}
	}
}

// The look-alike: the seam called once, before the loop.
func SeamOnce(msgs <-chan string) {
	timeout := after(time.Minute)
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-timeout:
			return
		}
	}
}

// A local seam is the same.
func LocalSeam(msgs <-chan string) {
	wait := time.After
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-wait(time.Second): // want `timeafter: wait\(time.Second\) \(time.After\) makes a new timer`
		}
	}
}

// A variable that is not only time.After: unknown.
func Reassigned(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-sleepy(time.Second):
		}
	}
}

func SeamTick() {
	for {
		<-tick(time.Second) // want `timeafter: tick\(time.Second\) \(time.Tick\) starts a new ticker on every iteration`
		work()
	}
}
