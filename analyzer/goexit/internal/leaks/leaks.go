// Package leaks holds a goroutine leak that goexit reports, as code that
// runs. TestLeakIsReal starts it and watches the goroutines stay blocked;
// it starts the fixed version (fixed.go, which must be goexit's suggested
// fix, leaks.go.golden, to the letter) and watches them finish.
// TestLeakIsReported checks that goexit reports this very file and offers
// that fix.
package leaks

import "time"

// Query waits up to timeout for a result that takes slow to compute.
func Query(slow, timeout time.Duration) (int, bool) {
	ch := make(chan int)
	go func() {
		time.Sleep(slow)
		ch <- 42 // want `goexit: the goroutine blocks forever on ch <- 42: Query can return through the case <-time.After\(timeout\) without receiving from ch`
	}()
	select {
	case v := <-ch:
		return v, true
	case <-time.After(timeout):
		return 0, false
	}
}
