// Package ants is a stub of github.com/panjf2000/ants/v2 (v2.12.1): the
// signatures of the calls that run a task on a pooled goroutine. Workers
// recover a task's panic (worker.go: PanicHandler, else log).
package ants

import "time"

type Option func(opts *Options)

type Options struct {
	PanicHandler func(any)
}

func WithPanicHandler(panicHandler func(any)) Option { return nil }

// Submit submits a task to the default pool.
func Submit(task func()) error { return nil }

type Pool struct{}

func NewPool(size int, options ...Option) (*Pool, error) { return &Pool{}, nil }
func (p *Pool) Submit(task func()) error                 { return nil }
func (p *Pool) Release()                                 {}
func (p *Pool) ReleaseTimeout(timeout time.Duration) error {
	return nil
}

type LoadBalancingStrategy int

const RoundRobin LoadBalancingStrategy = 1

type MultiPool struct{}

func NewMultiPool(size, sizePerPool int, lbs LoadBalancingStrategy, options ...Option) (*MultiPool, error) {
	return &MultiPool{}, nil
}
func (mp *MultiPool) Submit(task func()) (err error) { return nil }

// PoolWithFunc runs the function given to NewPoolWithFunc; Invoke takes
// its argument, not a function.
type PoolWithFunc struct{}

func NewPoolWithFunc(size int, pf func(any), options ...Option) (*PoolWithFunc, error) {
	return &PoolWithFunc{}, nil
}
func (p *PoolWithFunc) Invoke(arg any) error { return nil }
