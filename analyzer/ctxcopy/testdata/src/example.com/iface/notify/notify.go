// Package notify declares the interfaces a controller depends on, and one
// implementation of each.
package notify

import (
	"context"
	"log"
)

type Notifier interface {
	Notify(ctx context.Context, msg string)
}

type Auditor interface {
	Audit(ctx context.Context, msg string) error
}

// Sync waits for its goroutine: passing it a request context is fine.
type Sync struct{}

func (Sync) Notify(ctx context.Context, msg string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		log.Println(ctx.Value("user"), msg)
	}()
	<-done
}

type DB struct{}

func (DB) Audit(ctx context.Context, msg string) error { return ctx.Err() }
