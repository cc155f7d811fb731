package svc // want package:"ctxcancel analysed"

// Package svc observes its context parameter; the fact crosses packages.

import (
	"context"
	"database/sql"
	"log/slog"
)

type Service struct{ db *sql.DB }

func (s *Service) Record(ctx context.Context, id int) error { // want Record:`ctxcancel observes 0 \(s.db.ExecContext at svc.go:\d+\)`
	_, err := s.db.ExecContext(ctx, "INSERT", id)
	return err
}

func (s *Service) Log(ctx context.Context, id int) { slog.InfoContext(ctx, "id", "id", id) }

// WithTenant derives: its result is cancelled with ctx.
func WithTenant(ctx context.Context, t string) context.Context { // want WithTenant:`ctxcancel derives\[0\]`
	return context.WithValue(ctx, tenantKey{}, t)
}

// Detach does not: WithoutCancel drops the cancellation.
func Detach(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

type tenantKey struct{}

// Fire records in the background: it detaches ctx.
func (s *Service) Fire(ctx context.Context, id int) { // want Fire:`ctxcancel observes 0 \(s.Record at svc.go:\d+\) detaches 0 \(go statement at svc.go:\d+ calls s.Record\)`
	go s.Record(ctx, id)
}

// Relay detaches it through Fire.
func (s *Service) Relay(ctx context.Context, id int) { // want Relay:`ctxcancel observes 0 \(s.Fire at svc.go:\d+\) detaches 0 \(via s.Fire: go statement at svc.go:\d+ calls s.Record\)`
	s.Fire(ctx, id)
}

// FireAndWait waits: nothing is detached.
func (s *Service) FireAndWait(ctx context.Context, id int) { // want FireAndWait:`ctxcancel observes 0 \(s.Record at svc.go:\d+\)$`
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Record(ctx, id)
	}()
	<-done
}

// Rows streams to its caller through the returned channel: nothing is
// detached.
func (s *Service) Rows(ctx context.Context) <-chan int { // want Rows:`ctxcancel observes 0 \(s.db.QueryContext at svc.go:\d+\)$`
	ch := make(chan int)
	go func() {
		defer close(ch)
		s.db.QueryContext(ctx, "SELECT")
		ch <- 1
	}()
	return ch
}

// FireDetached rebinds ctx to a detached context before its go
// statement: the goroutine never gets the request's cancellation.
func (s *Service) FireDetached(ctx context.Context, id int) { // want FireDetached:`ctxcancel observes 0 \(s.Record at svc.go:\d+\)$`
	ctx = context.WithoutCancel(ctx)
	go s.Record(ctx, id)
}

// FireMaybeDetached detaches only under a condition: on the other path
// the goroutine gets the request's context.
func (s *Service) FireMaybeDetached(ctx context.Context, id int, background bool) { // want FireMaybeDetached:`ctxcancel observes 0 \(s.Record at svc.go:\d+\) detaches 0 \(go statement at svc.go:\d+ calls s.Record\)`
	if background {
		ctx = context.WithoutCancel(ctx)
	}
	go s.Record(ctx, id)
}
