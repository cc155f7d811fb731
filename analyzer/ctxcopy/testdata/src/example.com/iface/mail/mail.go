package mail // want package:"has handoffs"

// Package mail implements notify.Notifier with a goroutine it does not
// wait for.

import (
	"context"
	"log"
)

type Async struct{}

func (a *Async) Notify(ctx context.Context, msg string) { // want Notify:`handoff\(ctx: go statement at mail.go:14\)`
	go a.send(ctx, msg)
}

func (a *Async) send(ctx context.Context, msg string) { log.Println(ctx.Value("user"), msg) }
