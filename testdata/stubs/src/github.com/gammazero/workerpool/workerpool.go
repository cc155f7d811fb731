// Package workerpool is a stub of github.com/gammazero/workerpool
// (v1.3.0). "A task that panics crashes the program, as with any
// goroutine": workers do not recover.
package workerpool

type WorkerPool struct{}

type Option func(*WorkerPool)

func New(maxWorkers int, options ...Option) *WorkerPool { return &WorkerPool{} }
func (p *WorkerPool) Submit(task func())                {}
func (p *WorkerPool) SubmitWait(task func())            {}
func (p *WorkerPool) Do(task func()) error              { return nil }
func (p *WorkerPool) DoWait(task func()) error          { return nil }
func (p *WorkerPool) Stop()                             {}
func (p *WorkerPool) StopWait()                         {}
func (p *WorkerPool) Stopped() bool                     { return false }
