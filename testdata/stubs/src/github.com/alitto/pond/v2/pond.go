// Package pond is a stub of github.com/alitto/pond/v2 (v2.7.1): pools and
// groups are interfaces. Tasks' panics are recovered and returned as
// errors, unless the pool is built WithoutPanicRecovery.
package pond

import "context"

type Option func(*pool)

type pool struct{}

func WithoutPanicRecovery() Option { return nil }

type Task interface {
	Done() <-chan struct{}
	Wait() error
}

type ResultTask[R any] interface {
	Done() <-chan struct{}
	Wait() (R, error)
}

type BasePool interface {
	StopAndWait()
	Stopped() bool
}

type Pool interface {
	BasePool
	Go(task func()) error
	Submit(task func()) Task
	SubmitErr(task func() error) Task
	TrySubmit(task func()) (Task, bool)
	TrySubmitErr(task func() error) (Task, bool)
	NewGroup() TaskGroup
	NewGroupContext(ctx context.Context) TaskGroup
}

type TaskGroup interface {
	Submit(tasks ...func()) TaskGroup
	SubmitErr(tasks ...func() error) TaskGroup
	Wait() error
	Done() <-chan struct{}
	Stop()
}

type ResultPool[R any] interface {
	BasePool
	Submit(task func() R) ResultTask[R]
	SubmitErr(task func() (R, error)) ResultTask[R]
	NewGroup() ResultTaskGroup[R]
}

type ResultTaskGroup[O any] interface {
	Submit(tasks ...func() O) ResultTaskGroup[O]
	SubmitErr(tasks ...func() (O, error)) ResultTaskGroup[O]
	Wait() ([]O, error)
}

func NewPool(maxConcurrency int, options ...Option) Pool { return nil }

func NewResultPool[R any](maxConcurrency int, options ...Option) ResultPool[R] { return nil }

// Submit, SubmitErr and NewGroup use the default pool.
func Submit(task func()) Task          { return nil }
func SubmitErr(task func() error) Task { return nil }
func NewGroup() TaskGroup              { return nil }
