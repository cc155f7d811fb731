package svc // want package:"ctxcancel analysed"

// Package svc hides its implementations behind interfaces; the handler
// package sees them through its import (issue 24: interface dispatch).

import (
	"context"
	"database/sql"
	"sync"
)

type Mailer interface {
	Send(ctx context.Context, to string)
}

type Notifier interface {
	Notify(ctx context.Context, to string)
}

// New returns the mailer the application runs with.
func New(db *sql.DB) Mailer { return &smtp{db: db} }

// smtp sends in the background under the caller's context.
type smtp struct{ db *sql.DB }

func (m *smtp) Send(ctx context.Context, to string) { // want Send:`ctxcancel observes 0 \(m.db.ExecContext at svc.go:\d+\) detaches 0 \(go statement at svc.go:\d+ calls m.db.ExecContext\)`
	go func() {
		m.db.ExecContext(ctx, "INSERT", to)
	}()
}

// queued detaches the context for its goroutine: nothing is lost.
type queued struct{ db *sql.DB }

func (q *queued) Send(ctx context.Context, to string) {
	go func(ctx context.Context) {
		q.db.ExecContext(ctx, "INSERT", to)
	}(context.WithoutCancel(ctx))
}

// inline sends before returning: it waits for its goroutine.
type inline struct{ db *sql.DB }

func (n *inline) Notify(ctx context.Context, to string) { // want Notify:`ctxcancel observes 0 \(n.db.ExecContext at svc.go:\d+\)$`
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		n.db.ExecContext(ctx, "INSERT", to)
	}()
	wg.Wait()
}
