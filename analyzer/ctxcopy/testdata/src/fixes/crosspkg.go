package fixes

import (
	"log"

	"github.com/gin-gonic/gin"

	"fixes/mw"
)

// Helpers of another package of the user's code, by their CopySafeFact: a
// goroutine whose function only reads a key through one takes the copy's
// advice and fix...
func recordLater(c *gin.Context) { log.Println(mw.User(c)) }

func RecordLater(c *gin.Context) {
	go recordLater(c) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine that can outlive the handler; .* — pass c.Copy\(\) instead`
}

func UserLater(c *gin.Context) {
	go mw.User(c) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine that can outlive the handler; .* — pass c.Copy\(\) instead`
}

// ...and one that writes the response through it keeps the write advice,
// with no fix: a copy has no writer.
func failLater(c *gin.Context) { mw.Fail(c, 500) }

func FailLater(c *gin.Context) {
	go failLater(c) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine .* a copy cannot write the response`
}

func FailDirect(c *gin.Context) {
	go mw.Fail(c, 500) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine .* a copy cannot write the response`
}

// A helper that hands c on to code not seen: not known to write, so the
// advice stays the copy's, and no fix is offered.
func ForwardLater(c *gin.Context) {
	go mw.Forward(c, func(*gin.Context) {}) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine that can outlive the handler; .* — pass c.Copy\(\) instead`
}
