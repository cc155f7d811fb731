package crosspkg

import (
	"example.com/safe"
	"os"

	"github.com/gin-gonic/gin"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

func Helper(c *gin.Context) {
	go func() {
		defer safe.Recover()
		work()
	}()
	go safe.Worker(1)
}

func Wrappers(c *gin.Context, p *safe.Pool) {
	safe.Go(func() { work() })
	safe.GoCtx("job", func() { work() })
	_ = p.Submit(func() { work() })
	safe.Spawn(func() { work() }) // want `gorecover: Spawn runs this function on a new goroutine that does not recover: a panic in it kills the whole server, with every request in flight: gin.Recovery only covers the request's own goroutine`
	safe.Spawn(func() {
		defer safe.Recover()
		work()
	})
}

func DeferWrapped(c *gin.Context) {
	go func() {
		defer func() { safe.Recover() }() // want `gorecover: Recover recovers only when it is the deferred function`
		work()
	}()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
