package helper

import (
	"github.com/gin-gonic/gin"
)

var ready bool

func work() { // want work:`panics`
	if !ready {
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
