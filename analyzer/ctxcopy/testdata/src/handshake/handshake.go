// Package handshake holds goroutines that use c before a signal the
// handler waits for on every path (connect, then signal: not reported)
// beside the same goroutines using c after the signal, or a handler that
// may return without waiting (reported).
package handshake

import (
	"log"
	"net"
	"time"

	"github.com/gin-gonic/gin"
)

func serve(conn net.Conn) {
	for {
		if _, err := conn.Read(make([]byte, 1)); err != nil {
			return
		}
	}
}

// Not reported: c is read before the send the handler waits for.
func ConnectThenSignal(c *gin.Context) {
	ready := make(chan error)
	go func() {
		conn, err := net.Dial("tcp", c.Query("addr"))
		ready <- err
		if err != nil {
			return
		}
		serve(conn)
	}()
	if err := <-ready; err != nil {
		c.String(502, err.Error())
		return
	}
	c.Status(200)
}

// Not reported: the close is the signal.
func ConnectThenClose(c *gin.Context) {
	ready := make(chan struct{})
	go func() {
		addr := c.Param("addr")
		close(ready)
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			serve(conn)
		}
	}()
	<-ready
}

// Reported: c is read after the send, while the handler may have returned.
func UsedAfterSignal(c *gin.Context) {
	ready := make(chan error)
	go func() {
		conn, err := net.Dial("tcp", "backend:80")
		ready <- err
		if err != nil {
			return
		}
		log.Println(c.ClientIP()) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
		serve(conn)
	}()
	<-ready
}

// Reported: the handler gives up after a timeout, without waiting.
func SignalOrTimeout(c *gin.Context) {
	ready := make(chan error, 1)
	go func() {
		_, err := net.Dial("tcp", c.Query("addr")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
		ready <- err
	}()
	select {
	case <-ready:
	case <-time.After(time.Second):
		return
	}
}

// Reported: one path returns before the receive.
func SignalSkipped(c *gin.Context) {
	ready := make(chan error)
	go func() {
		_, err := net.Dial("tcp", c.Query("addr")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
		ready <- err
	}()
	if c.Query("async") != "" {
		return
	}
	<-ready
}

// Reported: a value holding c, used after the signal.
func HolderAfterSignal(c *gin.Context) {
	ready := make(chan struct{})
	go func() {
		ctx := c // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
		close(ready)
		log.Println(ctx.FullPath())
	}()
	<-ready
}

// Reported: one launch per item, one receive: it waits for one of them.
func ManyLaunches(c *gin.Context) {
	ready := make(chan error)
	for range 3 {
		go func() {
			_, err := net.Dial("tcp", c.Query("addr")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
			ready <- err
		}()
	}
	<-ready
}
