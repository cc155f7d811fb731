package endless

import (
	"github.com/gin-gonic/gin"
	"github.com/sirupsen/logrus"
)

// A logger's Fatal ends the loop as log.Fatal does, by the knowledge
// layer's table: logrus's package function and its method.
func LoggerFatal(c *gin.Context) {
	l := logrus.New()
	go func() {
		for {
			if _, err := poll(); err != nil {
				logrus.Fatalf("poll: %v", err)
			}
		}
	}()
	go func() {
		for {
			if _, err := poll(); err != nil {
				l.Fatalf("poll: %v", err)
			}
		}
	}()
}

// The look-alike: a logger's Errorf returns, and the loop goes on.
func LoggerErrorf(c *gin.Context) {
	go func() { // want `goexit: this goroutine never finishes`
		for {
			if _, err := poll(); err != nil {
				logrus.Errorf("poll: %v", err)
			}
		}
	}()
}
