// Package lookalikes checks matching by object: a renamed import and an
// alias are gin's Context; a local type called Context is not.
package lookalikes

import (
	"log"

	g "github.com/gin-gonic/gin"
)

type Ctx = g.Context

func Renamed(ctx *g.Context) {
	go func() { log.Println(ctx.Param("id")) }() // want `ctxcopy: ctx \(\*gin.Context\) is used by a goroutine`
}

func Aliased(c *Ctx) {
	go func() { log.Println(c.Param("id")) }() // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
}

type Context struct{ id string }

func (c *Context) Param(string) string { return c.id }

func Local(c *Context) {
	go func() { log.Println(c.Param("id")) }()
}

type Handler struct{ name string }

// Methods on handler structs are handlers too.
func (h *Handler) Get(c *g.Context) {
	go h.log(c.Param("id"))
	go func() {
		h.log(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}

func (h *Handler) log(s string) { log.Println(h.name, s) }

// Middleware reading the status after Next, in a goroutine: the writer is
// recycled with the context.
func Logger() g.HandlerFunc {
	return func(c *g.Context) {
		c.Next()
		w := c.Writer
		go func() {
			log.Println(w.Status()) // want `ctxcopy: w holds c \(\*gin.Context\) and is used`
		}()
		status := c.Writer.Status()
		go func() { log.Println(status) }()
	}
}

// The request belongs to net/http, not to gin's pool.
func Request(c *g.Context) {
	r := c.Request
	go func() { log.Println(r.URL.Path) }()
}

// Nested goroutines: one report for the outer one.
func Nested(c *g.Context) {
	go func() {
		go func() {
			log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
		}()
	}()
}

type key struct{}

// The gqlgen idiom: the gin context travels in a context.Context value.
func FromValue(ctx interface{ Value(any) any }) {
	c := ctx.Value(key{}).(*g.Context)
	go func() { log.Println(c.Param("id")) }() // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
}

func newTestContext() *g.Context { return new(g.Context) } // want newTestContext:`retains\[\]`

// A context made fresh for a test belongs to no pool.
func Fresh() {
	c := newTestContext()
	go func() { log.Println(c.Param("id")) }()
}
