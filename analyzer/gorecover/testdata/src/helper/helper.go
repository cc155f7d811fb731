package helper

import (
	"github.com/gin-gonic/gin"
)

var ready bool

func work() { // want work:`panics`
	if !ready {
		panic("not ready")
	}
}

func Missing(c *gin.Context) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		work()
	}()
}
