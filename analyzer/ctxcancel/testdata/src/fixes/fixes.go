package fixes // want package:"ctxcancel analysed"

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

func save(ctx context.Context, id int) { db.ExecContext(ctx, "INSERT", id) } // want save:`ctxcancel observes 0 \(db.ExecContext at fixes.go:\d+\)`

// An argument of the go statement: wrapped.
func Arg(c *gin.Context) {
	go save(c.Request.Context(), 1) // want `save is called with c.Request.Context\(\)`
}

// A captured ctx: passed in as a parameter, so the handler keeps its own.
func Captured(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		// a comment stays
		db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx`
		save(ctx, 2)
	}()
	db.ExecContext(ctx, "SELECT")
}

// A literal with parameters already: one more.
func CapturedWithParams(c *gin.Context) {
	ctx := c.Request.Context()
	go func(id int) {
		save(ctx, id) // want `save is called with ctx`
	}(3)
}

// The literal's own parameter: its argument is wrapped.
func Param(w http.ResponseWriter, r *http.Request) {
	go func(ctx context.Context) {
		save(ctx, 4) // want `save is called with ctx \(from r.Context\(\)\)`
	}(r.Context())
}

// No fix: a deadline would be dropped with the cancellation.
func Deadline(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	go func() {
		defer cancel()
		save(ctx, 5) // want `derive the timeout inside the goroutine`
	}()
}

// No fix: the goroutine assigns ctx.
func Assigns(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		save(ctx, 6) // want `save is called with ctx`
		ctx = nil
	}()
}
