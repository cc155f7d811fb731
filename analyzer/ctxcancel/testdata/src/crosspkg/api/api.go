package api

import (
	"context"

	"crosspkg/svc"

	"github.com/gin-gonic/gin"
)

type API struct{ s *svc.Service }

func (a *API) Create(c *gin.Context) {
	go a.s.Record(c.Request.Context(), 1) // want `a.s.Record is called with c.Request.Context\(\) on a goroutine that can outlive the handler, which uses it for s.db.ExecContext at svc.go:\d+`
	go a.s.Log(c.Request.Context(), 1)
	ctx := svc.WithTenant(c.Request.Context(), "acme")
	go a.s.Record(ctx, 2) // want `a.s.Record is called with ctx \(from c.Request.Context\(\)\)`
	go a.s.Record(svc.Detach(c.Request.Context()), 3)
}

func (a *API) Fire(c *gin.Context) {
	a.s.Fire(c.Request.Context(), 1)  // want `ctxcancel: a.s.Fire is called with c.Request.Context\(\) and hands it to a goroutine it does not wait for \(go statement at svc.go:\d+ calls s.Record\); net/http cancels the request's context when the handler returns, so that work fails with context canceled — let a.s.Fire detach it with context.WithoutCancel, or pass context.WithoutCancel\(c.Request.Context\(\)\)`
	a.s.Relay(c.Request.Context(), 2) // want `a.s.Relay is called with c.Request.Context\(\) and hands it to a goroutine it does not wait for \(via s.Fire: go statement at svc.go:\d+ calls s.Record\)`
	a.s.FireAndWait(c.Request.Context(), 3)
	a.s.Fire(context.WithoutCancel(c.Request.Context()), 4)
	go a.s.Fire(c.Request.Context(), 5) // want `a.s.Fire is called with c.Request.Context\(\) on a goroutine that can outlive the handler`
	a.s.FireDetached(c.Request.Context(), 6)
	a.s.FireMaybeDetached(c.Request.Context(), 7, true) // want `a.s.FireMaybeDetached is called with c.Request.Context\(\) and hands it to a goroutine it does not wait for`
}

func (a *API) Rows(c *gin.Context) {
	for n := range a.s.Rows(c.Request.Context()) {
		c.JSON(200, n)
	}
}
