// Package fallbackon: handlers whose engine (elsewhere) sets
// ContextWithFallback; run with -ctxcancel.fallback=on.
package fallbackon

import (
	"database/sql"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

func Handler(c *gin.Context) {
	cp := c.Copy()
	go db.QueryContext(cp, "SELECT") // want `db.QueryContext is called with cp \(from c.Copy\(\), a \*gin.Context under ContextWithFallback\)`
}
