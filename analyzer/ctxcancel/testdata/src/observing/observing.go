package observing // want package:"ctxcancel analysed"

// Package observing: each kind of call that observes cancellation, beside
// calls that only read values.

import (
	"context"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"os/exec"

	"example.com/client"
	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
)

var (
	db     *sql.DB
	mailer *client.Client
	logger *slog.Logger
)

func Std(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", "http://hooks", nil) // want `http.NewRequestWithContext is called with ctx`
		http.DefaultClient.Do(req)
	}()
	go func() {
		req, _ := http.NewRequest("POST", "http://hooks", nil)
		http.DefaultClient.Do(req.WithContext(ctx)) // want `req.WithContext is called with ctx`
	}()
	go func() {
		var d net.Dialer
		d.DialContext(ctx, "tcp", "cache:6379") // want `d.DialContext is called with ctx`
	}()
	go func() {
		exec.CommandContext(ctx, "convert", "in.png", "out.webp").Run() // want `exec.CommandContext is called with ctx`
	}()
	go func() {
		tx, _ := db.BeginTx(ctx, nil) // want `db.BeginTx is called with ctx`
		tx.Commit()
	}()
	stop := context.AfterFunc(ctx, func() {}) // the handler's own: fine
	defer stop()
	go context.AfterFunc(ctx, func() {}) // want `context.AfterFunc is called with ctx`
}

// A dependency taking a context: observes, unless it is a value-only
// logger or tracer.
func Deps(c *gin.Context) {
	ctx := c.Request.Context()
	go mailer.Send(ctx, "welcome") // want `mailer.Send is called with ctx`
	go func() {
		logger.InfoContext(ctx, "sent")
		slog.ErrorContext(ctx, "failed")
		zerolog.Ctx(ctx).Info().Ctx(ctx).Msg("done")
	}()
}

// The user's own functions: by what they do with the context.
func Own(c *gin.Context) {
	ctx := c.Request.Context()
	go audit(ctx, "order")  // want `audit is called with ctx .* which uses it for db.ExecContext at observing.go:\d+`
	go checks(ctx)          // want `checks is called with ctx .* which uses it for ctx.Err at observing.go:\d+`
	go indirect(ctx)        // want `indirect is called with ctx .* which uses it for audit at observing.go:\d+`
	go logOnly(ctx, "done") // only logs
	go ignores(ctx)         // never looks at it
	go detached(ctx)        // detaches it first
}

func audit(ctx context.Context, what string) { // want audit:`ctxcancel observes 0 \(db.ExecContext at observing.go:\d+\)`
	db.ExecContext(ctx, "INSERT INTO audit VALUES (?)", what)
}

func checks(ctx context.Context) { // want checks:`ctxcancel observes 0 \(ctx.Err at observing.go:\d+\)`
	if ctx.Err() != nil {
		return
	}
}

func indirect(ctx context.Context) { audit(ctx, "indirect") } // want indirect:`ctxcancel observes 0 \(audit at observing.go:\d+\)`

func logOnly(ctx context.Context, msg string) { slog.InfoContext(ctx, msg) }

func ignores(ctx context.Context) {}

func detached(ctx context.Context) {
	audit(context.WithoutCancel(ctx), "detached")
}

// An interface method taking a context: its implementation is unknown,
// and one that takes a context does I/O with it.
type Repo interface {
	Save(ctx context.Context, v any) error
}

func Iface(c *gin.Context, repo Repo) {
	go repo.Save(c.Request.Context(), 1) // want `repo.Save is called with c.Request.Context\(\)`
}

// A func value: unknown, not reported.
func FuncValue(c *gin.Context, f func(context.Context)) { // want FuncValue:`go\(runs param 1\)`
	go f(c.Request.Context())
}
