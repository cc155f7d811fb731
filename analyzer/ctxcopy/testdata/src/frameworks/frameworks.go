package frameworks // want package:"has handoffs"

import (
	"context"
	"log"
	"net/http"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
	"github.com/valyala/fasthttp"
)

func Hertz(ctx context.Context, c *app.RequestContext) { // want Hertz:`handoff\(ctx: go statement at frameworks.go:18\)`
	go func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*app.RequestContext\) is used by a goroutine that can outlive the handler; hertz recycles .* call c.Copy\(\)`
	}()
	go func() { <-ctx.Done() }() // hertz's first parameter is a plain context
	cp := c.Copy()
	go func() { log.Println(cp.Param("id")) }()
}

func Echo(c echo.Context) error {
	go func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(echo.Context\) is used by a goroutine that can outlive the handler; echo recycles .* extract the values`
	}()
	id := c.Param("id")
	go func() { log.Println(id) }()
	return nil
}

func Fiber(c *fiber.Ctx) error {
	body := c.Body() // aliases fasthttp's buffer
	go func() {
		log.Println(len(body)) // want `ctxcopy: body holds c \(\*fiber.Ctx\) and is used`
	}()
	n := len(c.Body())
	go func() { log.Println(n) }()
	return nil
}

func FastHTTP(ctx *fasthttp.RequestCtx) {
	go func() {
		log.Println(string(ctx.Path())) // want `ctxcopy: ctx \(\*fasthttp.RequestCtx\) is used by a goroutine`
	}()
}

// A body stream writer runs on fasthttp's goroutine, after the handler
// returned.
func FastHTTPStream(ctx *fasthttp.RequestCtx) {
	ctx.SetBodyStreamWriter(func(w any) {
		log.Println(string(ctx.Path())) // want `ctxcopy: ctx \(\*fasthttp.RequestCtx\) is used by a goroutine`
	})
}

// The look-alike: the path copied out before.
func FastHTTPStreamValues(ctx *fasthttp.RequestCtx) {
	path := string(ctx.Path())
	ctx.SetBodyStreamWriter(func(w any) {
		log.Println(path)
	})
}

func NetHTTP(w http.ResponseWriter, r *http.Request) {
	go func() {
		w.WriteHeader(http.StatusOK) // want `ctxcopy: w \(http.ResponseWriter\) is used by a goroutine`
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.WriteHeader(http.StatusOK)
	}()
	<-done
}
