// Package conc is a stub of github.com/sourcegraph/conc (v0.3.0). A
// goroutine's panic is caught and re-raised by Wait, in the goroutine that
// waits.
package conc

type WaitGroup struct{}

func NewWaitGroup() *WaitGroup   { return &WaitGroup{} }
func (h *WaitGroup) Go(f func()) {}
func (h *WaitGroup) Wait()       {}
