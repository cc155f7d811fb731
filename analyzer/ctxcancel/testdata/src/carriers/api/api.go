package api

import (
	"context"
	"database/sql"

	"carriers/svc"

	"github.com/gin-gonic/gin"
)

type API struct {
	s  *svc.Service
	db *sql.DB
}

func (a *API) Create(c *gin.Context) {
	req := &svc.Request{Context: c.Request.Context(), UserID: 1}
	a.s.Audit(req)                                        // want `a.s.Audit is called with req, whose Context is c.Request.Context\(\), and hands it to a goroutine it does not wait for \(go statement at svc.go:\d+ calls s.db.ExecContext\); .* — let a.s.Audit detach the Context it is given with context.WithoutCancel, or give it context.WithoutCancel\(c.Request.Context\(\)\) as Context`
	a.s.Audit(&svc.Request{Context: c.Request.Context()}) // want `a.s.Audit is called with &svc.Request\{…\}, whose Context is c.Request.Context\(\), and hands it to a goroutine`
	a.s.Audit(&svc.Request{Context: context.WithoutCancel(c.Request.Context())})
	a.s.Audit(&svc.Request{Context: context.Background(), UserID: 2})
	a.s.AuditDetached(req)
	_ = a.s.Save(*req)
}

func (a *API) Later(c *gin.Context) {
	req := svc.Request{Context: c.Request.Context()}
	go a.s.Save(req) // want `a.s.Save is called with req, whose Context is c.Request.Context\(\), on a goroutine that can outlive the handler, which uses it for s.db.ExecContext at svc.go:\d+; .* — give it context.WithoutCancel\(c.Request.Context\(\)\) as Context to keep the values without the cancellation`
	own := svc.Request{Context: context.Background()}
	go a.s.Save(own)
}

func (a *API) Stored(c *gin.Context) {
	var req svc.Request
	req.Context = c.Request.Context()
	go func() {
		a.db.ExecContext(req.Context, "INSERT") // want `a.db.ExecContext is called with req.Context \(from c.Request.Context\(\)\) on a goroutine that can outlive the handler`
	}()
	var bg svc.Request
	bg.Context = context.Background()
	go func() { a.db.ExecContext(bg.Context, "INSERT") }()
}

func (a *API) Scoped(c *gin.Context) {
	a.s.Trace(svc.Scope{Context: c.Request.Context(), TraceID: "t"}) // want `a.s.Trace is called with svc.Scope\{…\}, whose Context is c.Request.Context\(\), and hands it to a goroutine`
	sc := svc.Scope{Context: c.Request.Context()}
	go a.db.ExecContext(sc, "INSERT") // want `a.db.ExecContext is called with sc \(from c.Request.Context\(\)\) on a goroutine that can outlive the handler`
}

func (a *API) Method(c *gin.Context) {
	req := &svc.Req{Context: c.Request.Context(), ID: 1}
	a.s.Handle(req)    // want `a.s.Handle is called with req, whose Context is c.Request.Context\(\), and hands it to a goroutine it does not wait for`
	go req.Save(a.db)  // want `req.Save is called with req, whose Context is c.Request.Context\(\), on a goroutine that can outlive the handler, which uses it for db.ExecContext at svc.go:\d+`
	_ = req.Save(a.db) // in the handler's time
	own := &svc.Req{Context: context.Background()}
	a.s.Handle(own)
	go own.Save(a.db)
}
