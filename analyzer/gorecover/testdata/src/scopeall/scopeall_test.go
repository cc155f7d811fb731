package scopeall

import "testing"

// A panic in a test's goroutine fails the test: that is not a bug.
func TestWork(t *testing.T) {
	go func() { work() }()
}
