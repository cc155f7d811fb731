// Package handler has one ctxcopy finding; the plugin tests run it under
// configurations that do and do not report it.
package handler

import (
	"log"

	"github.com/gin-gonic/gin"
)

func Handler(c *gin.Context) {
	go func() {
		defer func() { _ = recover() }()
		log.Println(c.Query("q"))
	}()
}
