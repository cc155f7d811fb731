// The facts of this package are checked by TestEndToEndFacts (analyzer/e2e_test.go).

// Package ctxcancel is the end-to-end scenario for the ctxcancel rule
// against the real gin module.
package ctxcancel

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"example.com/e2e/service"
)

type Orders struct {
	db     *sql.DB
	client *http.Client
	users  *service.UserService
}

func (o *Orders) Register(r *gin.Engine) {
	r.POST("/orders", o.Create)
	r.GET("/orders", o.List)
}

func (o *Orders) Create(c *gin.Context) {
	ctx := c.Request.Context()
	go o.audit(ctx, "create") // want `ctxcancel: o.audit is called with ctx \(from c.Request.Context\(\)\) on a goroutine that can outlive the handler, which uses it for o.db.ExecContext at handlers.go:\d+`

	go func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://hooks.internal/orders", nil) // want `ctxcancel: http.NewRequestWithContext is called with ctx`
		if err != nil {
			return
		}
		if resp, err := o.client.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	go slog.InfoContext(ctx, "order created") // logging only
	o.users.Create(ctx, "buyer")              // want `ctxcancel: o.users.Create is called with ctx \(from c.Request.Context\(\)\) and hands it to a goroutine it does not wait for \(go statement at service.go:31 calls s.mail.Send\)`
	c.Status(http.StatusCreated)
}

// List waits for its fan-out: the request's context is right there.
func (o *Orders) List(c *gin.Context) {
	ctx := c.Request.Context()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		o.db.QueryContext(ctx, "SELECT 1")
	}()
	wg.Wait()
	go o.audit(context.WithoutCancel(ctx), "list")
	c.Status(http.StatusOK)
}

func (o *Orders) audit(ctx context.Context, what string) {
	o.db.ExecContext(ctx, "INSERT INTO audit(what) VALUES (?)", what)
}
