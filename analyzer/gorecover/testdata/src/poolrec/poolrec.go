package poolrec

import (
	"example.com/pool"

	"github.com/gin-gonic/gin"
)

func work() {}

// Submit is configured as a launcher and as recovering its tasks
// (-gorecover.recoverers), as ants' pools do with a PanicHandler.
func Handler(c *gin.Context, p *pool.Pool) {
	_ = p.Submit(func() { work() })
}
