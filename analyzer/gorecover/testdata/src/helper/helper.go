package helper

import (
	"github.com/gin-gonic/gin"
)

func work() {}

func Missing(c *gin.Context) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		work()
	}()
}
