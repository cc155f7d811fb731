// want package:"ctxcancel analysed"

// Package reported is the shape ctxcancel reports: the handler hands the
// request's context to fire-and-forget goroutines that call a webhook and
// write an audit row with it.
package reported

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Register adds POST /orders. Each goroutine sends the error its work
// ended with on results.
func Register(r gin.IRouter, db *sql.DB, hook string, results chan<- error) {
	r.POST("/orders", func(c *gin.Context) {
		ctx := c.Request.Context()
		go func() {
			results <- notify(ctx, hook) // want `ctxcancel: notify is called with ctx \(from c.Request.Context\(\)\) on a goroutine that can outlive the handler, which uses it for http.NewRequestWithContext at orders.go:\d+`
		}()
		go func() {
			_, err := db.ExecContext(ctx, "INSERT INTO audit VALUES ('order')") // want `ctxcancel: db.ExecContext is called with ctx \(from c.Request.Context\(\)\)`
			results <- err
		}()
		c.Status(http.StatusAccepted)
	})
}

func notify(ctx context.Context, hook string) error { // want notify:`ctxcancel observes 0 \(http.NewRequestWithContext at orders.go:\d+\)`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
