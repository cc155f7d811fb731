package poolnorec

import (
	"example.com/pool"
	"os"

	"github.com/gin-gonic/gin"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

// Submit is configured as a launcher (-launchers), not as recovering.
func Handler(c *gin.Context, p *pool.Pool) {
	_ = p.Submit(func() { work() }) // want `gorecover: a panic in this goroutine kills the whole server`
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
