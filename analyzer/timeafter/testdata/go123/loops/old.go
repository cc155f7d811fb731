//go:build go1.22

// A build constraint older than the module's go line downgrades the file:
// it gets the pre-1.23 timers.

package loops

import "time"

func OldFile(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-time.After(time.Minute): // want `timeafter: time.After\(time.Minute\) makes a new timer on every iteration of this loop, and before Go 1.23 each one stays in memory until it fires`
			flush()
		}
	}
}
