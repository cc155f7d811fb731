package misuse

import (
	"log"

	"github.com/gin-gonic/gin"
)

func work() {}

func handlePanic() { // want handlePanic:`go\(recovers\)`
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}

func DeferRecover(c *gin.Context) {
	go func() {
		defer recover() // want `gorecover: defer recover\(\) does not stop a panic: recover is the deferred function instead of being called by it, so it returns nil and a panic in this goroutine still kills the whole server`
		work()
	}()
}

func Nested(c *gin.Context) {
	go func() {
		defer func() {
			func() {
				if r := recover(); r != nil { // want `gorecover: recover\(\) returns nil here: it is called by a function nested in the deferred one`
					log.Print(r)
				}
			}()
		}()
		work()
	}()
}

func HelperInLiteral(c *gin.Context) {
	go func() {
		defer func() {
			handlePanic() // want `gorecover: handlePanic recovers only when it is the deferred function: called from the deferred literal, its recover\(\) returns nil and a panic in this goroutine still kills the whole server; write defer handlePanic\(\)`
		}()
		work()
	}()
}

// The look-alikes that do recover.
func Direct(c *gin.Context) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		work()
	}()
	go func() {
		defer handlePanic()
		work()
	}()
}
