package configured

import (
	"example.com/obs"

	"github.com/gin-gonic/gin"
)

func work() {}

// obs.Recover is configured as a recoverer (-gorecover.helper).
func Deferred(c *gin.Context) {
	go func() {
		defer obs.Recover()
		work()
	}()
}
