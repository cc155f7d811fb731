package svc // want package:"has handoffs"

// The service layer of a module whose path has no dot (issue 10): it is
// the user's code, so its handoffs are facts.

import (
	"fmt"
	"io"
)

// Audit writes to out on a goroutine it does not wait for.
func Audit(out io.Writer, msg string) { // want Audit:`handoff\(out: go statement at svc.go:\d+\)`
	go fmt.Fprintln(out, msg)
}

// AuditSync waits for its goroutine.
func AuditSync(out io.Writer, msg string) {
	done := make(chan struct{})
	go func() {
		fmt.Fprintln(out, msg)
		close(done)
	}()
	<-done
}
