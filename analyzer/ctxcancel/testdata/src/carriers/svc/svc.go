package svc // want package:"ctxcancel analysed"

// Package svc takes the request's context inside a request-scoped struct
// (issue 24: a request context kept in a struct).

import (
	"context"
	"database/sql"
)

// Request carries the request's context to the service layer.
type Request struct {
	Context context.Context
	UserID  int
}

// Scope embeds the context: it is a context.Context itself.
type Scope struct {
	context.Context
	TraceID string
}

type Service struct{ db *sql.DB }

// Audit writes in the background under the context the request carries.
func (s *Service) Audit(req *Request) { // want Audit:`ctxcancel observes 0.Context \(s.db.ExecContext at svc.go:\d+\) detaches 0.Context \(go statement at svc.go:\d+ calls s.db.ExecContext\)`
	go func() {
		s.db.ExecContext(req.Context, "INSERT", req.UserID)
	}()
}

// AuditDetached detaches the context for its goroutine.
func (s *Service) AuditDetached(req *Request) {
	ctx := context.WithoutCancel(req.Context)
	go func() {
		s.db.ExecContext(ctx, "INSERT", req.UserID)
	}()
}

// Save does its work before it returns.
func (s *Service) Save(req Request) error { // want Save:`ctxcancel observes 0.Context \(s.db.ExecContext at svc.go:\d+\)$`
	_, err := s.db.ExecContext(req.Context, "INSERT", req.UserID)
	return err
}

// Trace hands the scope on as a context.
func (s *Service) Trace(sc Scope) { // want Trace:`ctxcancel observes 0.Context \(s.db.ExecContext at svc.go:\d+\) detaches 0.Context \(go statement at svc.go:\d+ calls s.db.ExecContext\)`
	go s.db.ExecContext(sc, "INSERT", sc.TraceID)
}

// Req gives its context back through a method (mcp-go's
// HTTPRequest.ctx()).
type Req struct {
	Context context.Context
	ID      int
}

func (r *Req) Ctx() context.Context { // want Ctx:`ctxcancel derives recv.Context`
	if r.Context == nil {
		return context.Background()
	}
	return r.Context
}

// Save observes the context its receiver carries.
func (r *Req) Save(db *sql.DB) error { // want Save:`ctxcancel observes recv.Context \(db.ExecContext at svc.go:\d+\)$`
	_, err := db.ExecContext(r.Ctx(), "INSERT", r.ID)
	return err
}

// Handle detaches it.
func (s *Service) Handle(r *Req) { // want Handle:`ctxcancel observes 0.Context \(s.db.ExecContext at svc.go:\d+\) detaches 0.Context \(go statement at svc.go:\d+ calls s.db.ExecContext\)`
	ctx := r.Ctx()
	go s.db.ExecContext(ctx, "INSERT", r.ID)
}
