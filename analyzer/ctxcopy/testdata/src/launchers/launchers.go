package launchers

import (
	"context"
	"log"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func AfterFunc(c *gin.Context) {
	time.AfterFunc(time.Second, func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	})
}

// Spawn is a project's own launcher, configured with -launchers.
func Spawn(f func()) { go f() } // want Spawn:`go\(runs param 0\)`

func Custom(c *gin.Context) {
	Spawn(func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	})
}

// Run calls f synchronously: not a launcher.
func Run(f func()) { f() }

func Sync(c *gin.Context) {
	Run(func() { log.Println(c.Param("id")) })
}

// context.AfterFunc runs f once the request's context is done: after
// every request, when net/http cancels it, on a goroutine of its own,
// with c back in the pool.
func ContextAfterFunc(c *gin.Context) {
	context.AfterFunc(c.Request.Context(), func() {
		log.Println(c.FullPath()) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	})
}

// The look-alike: the values it needs, taken in the handler.
func ContextAfterFuncValues(c *gin.Context) {
	path := c.FullPath()
	context.AfterFunc(c.Request.Context(), func() {
		log.Println(path)
	})
}

// Shutdown hooks run on a goroutine of their own, at Shutdown.
func OnShutdown(c *gin.Context, srv *http.Server) { // want OnShutdown:`copysafe\[0\]`
	srv.RegisterOnShutdown(func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	})
}
