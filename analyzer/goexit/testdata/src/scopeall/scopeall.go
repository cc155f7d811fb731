package scopeall

import "time"

func work() {}

// With -goexit.scope=all, setup code is checked too.
func StartCron() {
	go func() { // want `goexit: this goroutine never finishes: its for loop has no return, no break out of it and no case for cancellation, so it runs until the process exits, and every call of StartCron starts another`
		for {
			work()
			time.Sleep(time.Minute)
		}
	}()
}

// A stop channel makes it finish.
func StartCronStop(stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				work()
			case <-stop:
				return
			}
		}
	}()
}
