// Package quiet is code for Go 1.24 under the default settings: timers
// are collected, so time.After in a loop is not a leak, and the restart
// it makes is an idle timeout's meaning.
package quiet

import "time"

func handle(string) {}
func flush()        {}

// An idle flush: "no message for a minute". Not reported by default
// (-timeafter.restarts reports it).
func IdleFlush(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-time.After(time.Minute):
			flush()
		}
	}
}

// time.Tick says "periodically": a ticker per iteration restarts the
// period on every message, so a busy channel never ticks. Still reported.
func PeriodicFlush(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-time.Tick(time.Minute): // want `timeafter: time.Tick\(time.Minute\) starts a new ticker on every iteration of this loop, so the period restarts`
			flush()
		}
	}
}
