package loops

import (
	"context"
	tm "time"
)

type conf struct{ Idle tm.Duration }

// The fix keeps the user's names: the import name tm and the duration
// expression, and avoids the name timer, which is taken.
func Fixed(ctx context.Context, msgs <-chan string, cfg conf) {
	timer := "taken"
	_ = timer
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-tm.After(cfg.Idle * 2): // want `timeafter: tm.After\(cfg.Idle \* 2\) makes a new timer`
			flush()
		case <-ctx.Done():
			return
		}
	}
}

// The duration depends on the iteration: no fix, the timer could not be
// made before the loop with it.
func Backoff(msgs <-chan string) {
	for i := 1; ; i++ {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-tm.After(tm.Duration(i) * tm.Second): // want `timeafter: tm.After\(tm.Duration\(i\) \* tm.Second\) makes a new timer`
			return
		}
	}
}

// In a nested loop the deferred Stop would pile up: no fix.
func Nested(batches [][]string, msgs <-chan string) {
	for range batches {
		for {
			select {
			case msg := <-msgs:
				handle(msg)
			case <-tm.After(tm.Second): // want `timeafter: tm.After\(tm.Second\) makes a new timer`
				return
			}
		}
	}
}

// A timer declared after the loop, in the same block, takes the name too:
// `timer := tm.NewTimer` before the loop would make it a redeclaration.
func TimerDeclaredLater(msgs <-chan string) {
	for {
		select {
		case msg := <-msgs:
			handle(msg)
		case <-tm.After(tm.Second): // want `timeafter: tm.After\(tm.Second\) makes a new timer`
			return
		}
	}
	timer := tm.NewTimer(tm.Minute)
	<-timer.C
}
