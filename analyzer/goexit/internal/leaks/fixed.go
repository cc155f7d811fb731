package leaks

import "time"

// QueryFixed is Query with goexit's suggested fix applied; the test checks
// that its body is the body of Query in leaks.go.golden.
func QueryFixed(slow, timeout time.Duration) (int, bool) {
	ch := make(chan int, 1)
	go func() {
		time.Sleep(slow)
		ch <- 42
	}()
	select {
	case v := <-ch:
		return v, true
	case <-time.After(timeout):
		return 0, false
	}
}
