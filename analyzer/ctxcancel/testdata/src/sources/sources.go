package sources // want package:"ctxcancel analysed"

// Package sources: every way the request's context reaches a goroutine,
// each beside the look-alike that is not the request's context.

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var db *sql.DB

// net/http: r.Context().
func HTTPHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() {
		db.ExecContext(ctx, "INSERT") // want `ctxcancel: db.ExecContext is called with ctx \(from r.Context\(\)\) on a goroutine that can outlive the handler; net/http cancels the request's context when the handler returns, so the call fails with context canceled — hand the goroutine context.WithoutCancel\(ctx\) to keep its values without the cancellation`
	}()
}

// The request's context made inside the goroutine is still the request's.
func HTTPHandlerInline(w http.ResponseWriter, r *http.Request) {
	go func() {
		db.ExecContext(r.Context(), "INSERT") // want `db.ExecContext is called with r.Context\(\) on a goroutine`
	}()
}

// gin: c.Request.Context(), through an alias of the request.
func GinHandler(c *gin.Context) {
	req := c.Request
	ctx := req.Context()
	go db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx \(from req.Context\(\)\)`
}

// echo: c.Request().Context().
func EchoHandler(c echo.Context) error {
	go db.ExecContext(c.Request().Context(), "INSERT") // want `db.ExecContext is called with c.Request\(\).Context\(\)`
	return nil
}

type key struct{}

// Derived contexts keep the request's cancellation.
func Derived(c *gin.Context) {
	ctx := context.WithValue(c.Request.Context(), key{}, "v")
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx \(from c.Request.Context\(\)\)`
	}()
}

// A deadline too: the advice says where to derive it (and there is no fix).
func WithTimeout(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	go func() {
		defer cancel()
		db.ExecContext(ctx, "INSERT") // want `derive the timeout inside the goroutine from context.WithoutCancel`
	}()
}

// An argument of the go statement, and of a deferred literal around it
// (one-api's billing shape).
func Args(c *gin.Context) {
	go save(c.Request.Context()) // want `save is called with c.Request.Context\(\) on a goroutine that can outlive the handler, which uses it for db.ExecContext at sources.go:\d+`
	defer func(ctx context.Context) {
		go save(ctx) // want `save is called with ctx \(from c.Request.Context\(\)\)`
	}(c.Request.Context())
}

func save(ctx context.Context) { db.ExecContext(ctx, "INSERT") } // want save:`ctxcancel observes 0 \(db.ExecContext at sources.go:\d+\)`

// A closure stored in a variable and run on a goroutine.
func Closure(w http.ResponseWriter, r *http.Request) {
	work := func() {
		db.QueryContext(r.Context(), "SELECT") // want `db.QueryContext is called with r.Context\(\)`
	}
	go work()
}

// Look-alikes: not the request's context.
func Detached(c *gin.Context) {
	ctx := context.WithoutCancel(c.Request.Context())
	go db.ExecContext(ctx, "INSERT")
	go db.ExecContext(context.Background(), "INSERT")
	go db.ExecContext(context.TODO(), "INSERT")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		db.ExecContext(ctx, "INSERT")
	}()
	derived := context.WithValue(context.WithoutCancel(c.Request.Context()), key{}, 1)
	go db.ExecContext(derived, "INSERT")
}

// A request the handler builds is not the one being served.
func Outgoing(c *gin.Context) {
	req, _ := http.NewRequest("GET", "http://example.com", nil)
	go db.ExecContext(req.Context(), "INSERT")
}

// A *http.Request parameter of a function that is not a handler: not
// reported there (it may be a request the program builds), but a fact
// tells its callers that it detaches the request's context...
func notHandler(r *http.Request) { // want notHandler:`ctxcancel observes 0 \(db.ExecContext at sources.go:\d+\) detaches 0 \(go statement at sources.go:\d+ calls db.ExecContext\)`
	go db.ExecContext(r.Context(), "INSERT")
}

// ...reported where the request being served is handed to it, and not
// where the program's own request is.
func HandsOn(c *gin.Context) {
	notHandler(c.Request) // want `notHandler is called with c.Request, the request being served, and hands it to a goroutine it does not wait for \(go statement at sources.go:\d+ calls db.ExecContext\); net/http cancels the request.s context when the handler returns, so that work fails with context canceled — let notHandler hand its goroutine context.WithoutCancel\(c.Request.Context\(\)\), or pass c.Request.WithContext\(context.WithoutCancel\(c.Request.Context\(\)\)\)`
	req, _ := http.NewRequest("GET", "http://example.com", nil)
	notHandler(req)
	go notHandler(c.Request) // want `notHandler is called with c.Request, the request being served, on a goroutine that can outlive the handler, which uses it for db.ExecContext at sources.go:\d+; .* — hand it c.Request.WithContext\(context.WithoutCancel\(c.Request.Context\(\)\)\) to keep the values without the cancellation`
	go notHandler(req)
}

// The handler's own context-aware work, not on a goroutine: fine.
func Sync(c *gin.Context) {
	db.ExecContext(c.Request.Context(), "INSERT")
}

// Package-level goroutine launcher helpers are not handlers either.
func Background() {
	go db.ExecContext(context.Background(), "INSERT")
}

// The goroutine first rebinds the captured context to one that keeps the
// values without the cancellation (gotosocial's admin actions); rebinding
// it to the request's context again, or only after the call, does not.
func wrapValues(base, values context.Context) context.Context {
	return &valuesCtx{Context: base, values: values}
}

type valuesCtx struct {
	context.Context
	values context.Context
}

func (v *valuesCtx) Value(k any) any { return v.values.Value(k) }

func Rebound(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		ctx = wrapValues(context.Background(), ctx)
		db.ExecContext(ctx, "INSERT")
	}()
}

func ReboundWithoutCancel(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		ctx = context.WithoutCancel(ctx)
		db.ExecContext(ctx, "INSERT")
	}()
}

func ReboundLate(c *gin.Context) {
	ctx := c.Request.Context()
	go func() {
		db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx`
		ctx = context.WithoutCancel(ctx)
		db.ExecContext(ctx, "UPDATE")
	}()
}

func ReboundToRequest(c *gin.Context) {
	ctx := context.Background()
	go func() {
		ctx = context.WithValue(c.Request.Context(), key{}, 1)
		db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx`
	}()
}

// A loop whose stop signal is a context the handler cancels itself when
// it returns (koko's writeMessageLoop): stopping then is the intent.
// Without the deferred cancel, or with work beside the signal, it is
// reported.
func loop(ctx context.Context, ch chan int) { // want loop:`ctxcancel observes 0 \(ctx.Done at sources.go:\d+\)`
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-ch:
			println(v)
		}
	}
}

func SelfCancelled(c *gin.Context, ch chan int) {
	ctx, cancel := context.WithCancel(c.Request.Context())
	defer cancel()
	go loop(ctx, ch)
}

func NotSelfCancelled(c *gin.Context, ch chan int) {
	ctx, cancel := context.WithCancel(c.Request.Context())
	go loop(ctx, ch) // want `loop is called with ctx`
	_ = cancel
}

func SelfCancelledWork(c *gin.Context) {
	ctx, cancel := context.WithCancel(c.Request.Context())
	defer cancel()
	go save(ctx) // want `save is called with ctx`
}
