// Package retainflag: -retainers names a dependency's function whose
// result keeps its context argument.
package retainflag

import (
	"context"

	"github.com/gin-gonic/gin"

	"retainflag/queue"
)

func Handler(c *gin.Context, q *queue.Queue) { // want Handler:`copysafe\[0\]`
	t := q.Bind(c)
	go t.Publish("x") // want `ctxcopy: the goroutine runs t.Publish with t, which holds c`
	u := q.Describe(c)
	go u.Publish("y")
	go func() { <-context.Background().Done() }()
}
