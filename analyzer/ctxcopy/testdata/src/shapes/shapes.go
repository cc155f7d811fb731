// Package shapes: messages that fit the shape of the code — a timeout
// middleware that runs the chain on a goroutine, a wrapper built by a
// helper, a value stored in the context's own key store.
package shapes

import (
	"log"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

// echo's timeout middleware shape: extracting values cannot run the chain.
func Timeout(next echo.HandlerFunc) echo.HandlerFunc { // want Timeout:`retains\[0\]`
	return func(c echo.Context) error {
		done := make(chan error, 1)
		go func() {
			done <- next(c) // want `ctxcopy: c \(echo.Context\) is used by a goroutine that can outlive the handler; echo recycles .* — the handler chain must run, and write the response, before the handler returns, so run it in the handler, or wait for the goroutine on every path before returning`
		}()
		select {
		case err := <-done:
			return err
		case <-time.After(time.Second):
			return c.String(503, "timeout")
		}
	}
}

// The same, with the context wrapped by a helper first.
type wrap struct {
	echo.Context
	start time.Time
}

func newWrap(c echo.Context) *wrap { return &wrap{Context: c, start: time.Now()} } // want newWrap:`retains\[0\]`

func Wrapped(next echo.HandlerFunc) echo.HandlerFunc { // want Wrapped:`retains\[0\]`
	return func(c echo.Context) error {
		d := newWrap(c)
		go next(d) // want `ctxcopy: d holds c \(echo.Context\) since newWrap\(c\) and is handed to a goroutine that can outlive the handler; .* — the handler chain must run`
		return nil
	}
}

// Waited for on every path: fine.
func TimeoutWaits(next echo.HandlerFunc) echo.HandlerFunc { // want TimeoutWaits:`retains\[0\]`
	return func(c echo.Context) error {
		done := make(chan error, 1)
		go func() { done <- next(c) }()
		return <-done
	}
}

// A value holding c kept in c's own key store, read back through a copy
// in the goroutine, or taken out before it starts.
type session struct {
	c    *gin.Context
	user string
}

func KeyStore(c *gin.Context) {
	c.Set("session", &session{c: c, user: "u"})
	cp := c.Copy()
	go func() {
		s := cp.MustGet("session").(*session) // want `ctxcopy: cp.MustGet\("session"\) returns a value the handler stored holding c \(\*gin.Context\): Copy copies the keys, not what they point to`
		log.Println(s.user)
	}()
	s := c.MustGet("session").(*session)
	go func() {
		log.Println(s.c.FullPath()) // want `ctxcopy: s holds c \(\*gin.Context\) and is used by a goroutine`
	}()
}

// Look-alike: the store holds plain values.
func KeyStorePlain(c *gin.Context) {
	c.Set("user", "u")
	cp := c.Copy()
	go func() {
		log.Println(cp.MustGet("user"))
	}()
}
