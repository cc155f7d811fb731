// Package threading is a stub of go-zero v1.10.3's core/threading.
package threading

import (
	"context"
	"sync"

	"github.com/zeromicro/go-zero/core/rescue"
)

func GoSafe(fn func()) { go RunSafe(fn) }

func GoSafeCtx(ctx context.Context, fn func()) { go RunSafeCtx(ctx, fn) }

func RunSafe(fn func()) {
	defer rescue.Recover()
	fn()
}

func RunSafeCtx(ctx context.Context, fn func()) {
	defer rescue.RecoverCtx(ctx)
	fn()
}

type RoutineGroup struct{ waitGroup sync.WaitGroup }

func NewRoutineGroup() *RoutineGroup { return new(RoutineGroup) }

func (g *RoutineGroup) Run(fn func()) {
	g.waitGroup.Add(1)
	go func() {
		defer g.waitGroup.Done()
		fn()
	}()
}

func (g *RoutineGroup) RunSafe(fn func()) {
	g.waitGroup.Add(1)
	GoSafe(func() {
		defer g.waitGroup.Done()
		fn()
	})
}

func (g *RoutineGroup) Wait() { g.waitGroup.Wait() }
