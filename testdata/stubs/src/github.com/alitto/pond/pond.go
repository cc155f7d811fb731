// Package pond is a stub of github.com/alitto/pond (v1.9.2). Workers
// recover a task's panic (defaultPanicHandler logs it).
package pond

import (
	"context"
	"time"
)

type Option func(*WorkerPool)

func PanicHandler(panicHandler func(interface{})) Option { return nil }

type WorkerPool struct{}

func New(maxWorkers, maxCapacity int, options ...Option) *WorkerPool   { return &WorkerPool{} }
func (p *WorkerPool) Submit(task func())                               {}
func (p *WorkerPool) TrySubmit(task func()) bool                       { return true }
func (p *WorkerPool) SubmitAndWait(task func())                        {}
func (p *WorkerPool) SubmitBefore(task func(), deadline time.Duration) {}
func (p *WorkerPool) Stop() context.Context                            { return nil }
func (p *WorkerPool) StopAndWait()                                     {}
func (p *WorkerPool) Group() *TaskGroup                                { return &TaskGroup{} }
func (p *WorkerPool) GroupContext(ctx context.Context) (*TaskGroupWithContext, context.Context) {
	return &TaskGroupWithContext{}, ctx
}

type TaskGroup struct{}

func (g *TaskGroup) Submit(task func()) {}
func (g *TaskGroup) Wait()              {}

type TaskGroupWithContext struct{}

func (g *TaskGroupWithContext) Submit(task func() error) {}
func (g *TaskGroupWithContext) Wait() error              { return nil }
