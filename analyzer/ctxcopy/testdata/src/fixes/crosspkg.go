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

// The same in this package: a helper that hands c on to code not seen is
// not known to write, so the copy's advice, with no fix...
func forward(c *gin.Context, f func(*gin.Context)) { f(c) }

func ForwardHere(c *gin.Context) {
	go forward(c, func(*gin.Context) {}) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine that can outlive the handler; .* — pass c.Copy\(\) instead`
}

func ForwardInGoroutine(c *gin.Context) {
	go func() {
		forward(c, nil) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler; .* — call c.Copy\(\) in the handler and use the copy`
	}()
}

// ...while one that writes through it keeps the write advice.
func FailInGoroutine(c *gin.Context) {
	go func() {
		failLater(c) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine .* a copy cannot write the response`
	}()
}

// A closure over c handed to a helper that runs it: the advice is to copy
// in the handler, not to pass a copy (there is no c argument to replace).
func runLater(f func()) { f() }

func ClosureLater(c *gin.Context) {
	go runLater(func() { log.Println(c.FullPath()) }) // want `ctxcopy: .* is handed to a goroutine that can outlive the handler; .* — call c.Copy\(\) in the handler and use the copy`
}
