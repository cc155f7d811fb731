// Package gopool is a stub of bytedance/gopkg v0.1.4's util/gopool: its
// workers run each task under a deferred recover.
package gopool

import "context"

type Pool interface {
	Go(f func())
	CtxGo(ctx context.Context, f func())
}

type pool struct{}

func (p *pool) Go(f func()) { p.CtxGo(context.Background(), f) }

func (p *pool) CtxGo(ctx context.Context, f func()) {
	go func() {
		defer func() { recover() }()
		f()
	}()
}

var defaultPool Pool = &pool{}

func NewPool() Pool { return &pool{} }

func Go(f func()) { defaultPool.Go(f) }

func CtxGo(ctx context.Context, f func()) { defaultPool.CtxGo(ctx, f) }
