package premature

import (
	"time"

	"github.com/gin-gonic/gin"
	"github.com/sirupsen/logrus"
)

// The timeout case ends the process (logrus.Fatal, as log.Fatal: the
// knowledge layer's table of what ends the process): nothing is left to
// leak into.
func TimeoutFatal(c *gin.Context) {
	ch := make(chan result)
	go func() { ch <- slowQuery() }()
	select {
	case r := <-ch:
		c.JSON(200, r)
	case <-time.After(2 * time.Second):
		logrus.Fatal("query timed out")
	}
}

// The look-alike that logs and returns: the process lives on, the
// goroutine with it.
func TimeoutLogged(c *gin.Context) {
	ch := make(chan result)
	go func() {
		ch <- slowQuery() // want `goexit: the goroutine blocks forever on ch <- slowQuery\(\): TimeoutLogged can return through the case <-time.After\(2 \* time.Second\)`
	}()
	select {
	case r := <-ch:
		c.JSON(200, r)
	case <-time.After(2 * time.Second):
		logrus.Error("query timed out")
	}
}
