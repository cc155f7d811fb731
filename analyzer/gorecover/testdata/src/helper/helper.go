package helper

import (
	"github.com/gin-gonic/gin"
	"os"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

func Missing(c *gin.Context) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		work()
	}()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
