package fixes

import (
	"github.com/gin-gonic/gin"
	"os"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

func handlePanic() { // want handlePanic:`go\(recovers\)`
	if r := recover(); r != nil {
		println(r)
	}
}

func Missing(c *gin.Context) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		work()
	}()
}

// The comment at the end of the line (here the want; an ignore directive
// for the goroutine in real code) stays on the go statement's line.
func OneLine(c *gin.Context) {
	go func() { work() }() // want `gorecover: a panic in this goroutine kills the whole server`
}

// The comment above the first statement stays with it: the defer goes
// before both.
func CommentFirst(c *gin.Context) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		// work can panic
		work()
	}()
}

// r is taken: the fix names the recovered value differently.
func Shadow(c *gin.Context) {
	r := c.Request
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		_ = r
		work()
	}()
}

func DeferRecover(c *gin.Context) {
	go func() {
		defer recover() // want `gorecover: defer recover\(\) does not stop a panic`
		work()
	}()
}

func Wrapped(c *gin.Context) {
	go func() {
		defer func() { handlePanic() }() // want `gorecover: handlePanic recovers only when it is the deferred function`
		work()
	}()
}

// recover names a local function here: a fix would call it instead of
// the builtin, so none is offered.
func ShadowedRecover(c *gin.Context) {
	recover := func() any { return nil }
	_ = recover
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		work()
	}()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }

// result delivers what its starter waits for: a recover that swallowed the
// panic would skip the send and the receive below would wait forever, so
// no fix is offered (issue 19).
func Result(c *gin.Context) int {
	results := make(chan int)
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		work()
		results <- 1
	}()
	return <-results
}

// Signalled in a deferred call, which runs after a recovered panic too:
// the fix keeps it.
func Deferred(c *gin.Context) {
	done := make(chan struct{})
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		defer close(done)
		work()
	}()
}
