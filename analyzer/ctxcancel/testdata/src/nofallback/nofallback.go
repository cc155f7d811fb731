// Package nofallback does not set ContextWithFallback: a *gin.Context
// used as a context.Context is never cancelled (Done returns nil).
package nofallback

import (
	"database/sql"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

func Handler(c *gin.Context) {
	cp := c.Copy()
	go func() {
		db.QueryContext(cp, "SELECT")
	}()
}
