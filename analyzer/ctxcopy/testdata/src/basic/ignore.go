package basic

import (
	"log"

	"github.com/gin-gonic/gin"
)

// A directive on the go statement's line covers the uses of c inside the
// goroutine, lines below it (an unused directive would be reported).
func IgnoredAtLaunch(c *gin.Context) {
	go func() { //ginctxlint:ignore ctxcopy the test says so
		log.Println(c.Query("q"))
		log.Println(c.Param("id"))
	}()
}

// Above the go statement, too.
func IgnoredAboveLaunch(c *gin.Context) {
	//ginctxlint:ignore ctxcopy the test says so
	go func() {
		log.Println(c.Query("q"))
	}()
}

// The directive covers its own goroutine only.
func OtherGoroutine(c *gin.Context) {
	go func() { //ginctxlint:ignore ctxcopy the test says so
		log.Println(c.Query("q"))
	}()
	go func() {
		log.Println(c.Query("q")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}
