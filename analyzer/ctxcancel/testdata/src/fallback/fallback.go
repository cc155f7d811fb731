// Package fallback sets gin's ContextWithFallback: *gin.Context and its
// copies are contexts cancelled with the request.
package fallback

import (
	"database/sql"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

func Setup() *gin.Engine {
	r := gin.New()
	r.ContextWithFallback = true
	return r
}

func Handler(c *gin.Context) {
	cp := c.Copy()
	go func() {
		db.QueryContext(cp, "SELECT") // want `db.QueryContext is called with cp \(from c.Copy\(\), a \*gin.Context under ContextWithFallback\)`
	}()
	go db.QueryContext(c.Copy(), "SELECT") // want `db.QueryContext is called with c.Copy\(\), a \*gin.Context under ContextWithFallback on a goroutine`
}
