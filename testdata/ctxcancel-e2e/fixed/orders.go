// want package:"ctxcancel analysed"

// Package fixed is package reported after ginctxlint's suggested fixes
// (TestCancelClaims checks that they are the same): each goroutine gets
// context.WithoutCancel of the request's context.
package fixed

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
		go func(ctx context.Context) {
			results <- notify(ctx, hook)
		}(context.WithoutCancel(ctx))
		go func(ctx context.Context) {
			_, err := db.ExecContext(ctx, "INSERT INTO audit VALUES ('order')")
			results <- err
		}(context.WithoutCancel(ctx))
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
