package returned

import (
	"time"

	"example.com/lib"

	"github.com/gin-gonic/gin"
)

// The seed's shape: a channel from a function that starts its sender.
func Delete(c *gin.Context) {
	select {
	case <-lib.Remove(): // want `goexit: lib.Remove returns a channel that its goroutine \(go statement at lib.go:\d+\) sends on, unbuffered; Delete can return through the case <-time.After\(time.Second\), without receiving from it, and then that goroutine blocks forever — make the channel in Remove buffered: make\(chan bool, 1\)`
		c.Status(200)
	case <-time.After(time.Second):
		c.Status(504)
	}
}

func DeleteVar(c *gin.Context) {
	done := lib.Remove() // want `goexit: lib.Remove returns a channel`
	select {
	case <-done:
	case <-c.Request.Context().Done():
		return
	}
}

// Always received.
func DeleteWait(c *gin.Context) {
	<-lib.Remove()
	done := lib.Remove()
	<-done
}

// Buffered in the callee.
func DeleteBuffered(c *gin.Context) {
	select {
	case <-lib.RemoveBuffered():
	case <-time.After(time.Second):
	}
}

// Facts of named functions from another package.
func Workers(c *gin.Context) {
	go lib.Loop() // want `goexit: this goroutine never finishes: it runs lib.Loop, whose loop never ends \(for loop at lib.go:\d+\)`
	ch := make(chan int)
	go lib.Drain(ch) // want `goexit: this goroutine never finishes: it runs lib.Drain, ranging over ch`
	ch <- 1
	out := make(chan int)
	go lib.Send(out) // want `goexit: the goroutine blocks forever in lib.Send, sending on out: nothing in Workers receives from out`
}
