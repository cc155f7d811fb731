package logshadow

import (
	log "example.com/obs"

	"github.com/gin-gonic/gin"
)

// log names another package here: the fix imports the standard one as
// stdlog.
var names []string

func Missing(c *gin.Context, n int) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		log.Info(names[n+len(c.Query("n"))])
	}()
}
