package stopsignal

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
)

func refresh()      {}
func work() error   { return nil }
func other() string { return "" }

// A refresh loop whose only exit is <-stop; the handler returns early on
// an error without closing stop.
func EarlyReturn(c *gin.Context) {
	stop := make(chan struct{})
	go func() { // want `goexit: this goroutine never finishes if stop is not closed: its loop ends only on <-stop, and EarlyReturn can return at line 33 without closing stop, so on that path it runs forever, one more per call — close stop on every path out of EarlyReturn`
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				refresh()
			case <-stop:
				return
			}
		}
	}()
	if err := work(); err != nil {
		c.JSON(500, err.Error())
		return
	}
	c.JSON(200, other())
	close(stop)
}

// The look-alike: defer close(stop) where it is made.
func Deferred(c *gin.Context) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				refresh()
			case <-stop:
				return
			}
		}
	}()
	if err := work(); err != nil {
		c.JSON(500, err.Error())
		return
	}
	c.JSON(200, other())
}

// The look-alike: closed on both paths.
func ClosedOnEveryPath(c *gin.Context) {
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-time.After(time.Second):
				refresh()
			case <-stop:
				return
			}
		}
	}()
	if err := work(); err != nil {
		close(stop)
		return
	}
	stop <- struct{}{}
}

// Never closed at all.
func NeverClosed(c *gin.Context) {
	stop := make(chan struct{})
	go func() { // want `goexit: this goroutine never finishes if stop is not closed: its loop ends only on <-stop, and nothing in NeverClosed closes stop`
		for {
			select {
			case <-time.After(time.Second):
				refresh()
			case <-stop:
				return
			}
		}
	}()
}

// The look-alike: the loop has another way out (the request's context).
func OtherExit(c *gin.Context) {
	ctx := c.Request.Context()
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-time.After(time.Second):
				refresh()
			case <-ctx.Done():
				return
			case <-stop:
				return
			}
		}
	}()
	if err := work(); err != nil {
		return
	}
	close(stop)
}

// The look-alike: stop handed to someone else, who may close it.
func Handed(ctx context.Context, register func(chan struct{})) error {
	stop := make(chan struct{})
	register(stop)
	go func() {
		for {
			select {
			case <-time.After(time.Second):
				refresh()
			case <-stop:
				return
			}
		}
	}()
	if err := work(); err != nil {
		return errors.New("x")
	}
	return nil
}
