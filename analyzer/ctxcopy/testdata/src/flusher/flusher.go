// Package flusher holds goroutines that write through c only under a
// mutex, after checking that the handler has not stopped them, beside
// handlers that stop them under that mutex before returning (not
// reported) and the look-alikes that do not (reported).
package flusher

import (
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

var events = make(chan string)

func work()                {}
func produce() chan []byte { return nil }

// Not reported: the forwarder writes only under mu after checking done,
// and the handler closes done under mu before it returns.
func Forwarder(c *gin.Context) {
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		for ev := range events {
			func() {
				mu.Lock()
				defer mu.Unlock()
				select {
				case <-done:
					return
				default:
				}
				c.SSEvent("message", ev)
				defer c.Writer.Flush()
			}()
		}
	}()
	work()
	mu.Lock()
	close(done)
	mu.Unlock()
}

// Reported: the handler closes done without the mutex, so a write that
// checked done just before can still run after the return.
func ForwarderStopNoLock(c *gin.Context) {
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		for ev := range events {
			func() {
				mu.Lock()
				defer mu.Unlock()
				select {
				case <-done:
					return
				default:
				}
				c.SSEvent("message", ev) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
			}()
		}
	}()
	work()
	close(done)
}

// Reported: the goroutine writes without the mutex.
func ForwarderNoLockInGoroutine(c *gin.Context) {
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		for ev := range events {
			select {
			case <-done:
				return
			default:
			}
			c.SSEvent("message", ev) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
		}
	}()
	work()
	mu.Lock()
	close(done)
	mu.Unlock()
}

// Reported: one path returns without stopping the forwarder.
func ForwarderEarlyReturn(c *gin.Context) {
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		for ev := range events {
			func() {
				mu.Lock()
				defer mu.Unlock()
				select {
				case <-done:
					return
				default:
				}
				c.SSEvent("message", ev) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
			}()
		}
	}()
	if c.Query("quick") != "" {
		return
	}
	mu.Lock()
	close(done)
	mu.Unlock()
}

// Not reported: net/http/httputil's maxLatencyWriter shape. The flush
// callback takes mu and checks pending; the deferred stop clears pending
// under mu before the handler returns.
func LatencyFlusher(c *gin.Context) {
	var mu sync.Mutex
	pending := false
	var t *time.Timer
	stop := func() {
		mu.Lock()
		defer mu.Unlock()
		pending = false
		if t != nil {
			t.Stop()
		}
	}
	defer stop()
	for chunk := range produce() {
		mu.Lock()
		c.Writer.Write(chunk)
		if !pending {
			pending = true
			t = time.AfterFunc(100*time.Millisecond, func() {
				mu.Lock()
				defer mu.Unlock()
				if !pending {
					return
				}
				c.Writer.Flush()
				pending = false
			})
		}
		mu.Unlock()
	}
}

// Reported: stop only stops the timer. A callback that already fired
// waits on mu and flushes after the handler returned.
func LatencyFlusherTimerOnly(c *gin.Context) {
	var mu sync.Mutex
	pending := false
	var t *time.Timer
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		if t != nil {
			t.Stop()
		}
	}()
	for chunk := range produce() {
		mu.Lock()
		c.Writer.Write(chunk)
		if !pending {
			pending = true
			t = time.AfterFunc(100*time.Millisecond, func() {
				mu.Lock()
				defer mu.Unlock()
				if !pending {
					return
				}
				c.Writer.Flush() // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
				pending = false
			})
		}
		mu.Unlock()
	}
}

// Reported: the callback does not take the mutex.
func LatencyFlusherNoLock(c *gin.Context) {
	var mu sync.Mutex
	pending := false
	defer func() {
		mu.Lock()
		pending = false
		mu.Unlock()
	}()
	for chunk := range produce() {
		mu.Lock()
		c.Writer.Write(chunk)
		if !pending {
			pending = true
			time.AfterFunc(100*time.Millisecond, func() {
				if !pending {
					return
				}
				c.Writer.Flush() // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
			})
		}
		mu.Unlock()
	}
}

// Reported: the branch taken when stopped writes too, after the stop.
func ForwarderWritesWhenStopped(c *gin.Context) {
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		for ev := range events {
			func() {
				mu.Lock()
				defer mu.Unlock()
				select {
				case <-done:
					c.SSEvent("late", ev) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
					return
				default:
				}
				c.SSEvent("message", ev)
			}()
		}
	}()
	work()
	mu.Lock()
	close(done)
	mu.Unlock()
}

// Reported: the deferred stop sets the flag on one path only.
func LatencyFlusherConditionalStop(c *gin.Context) {
	var mu sync.Mutex
	pending := false
	defer func() {
		mu.Lock()
		if c.Query("x") != "" {
			pending = false
		}
		mu.Unlock()
	}()
	for chunk := range produce() {
		mu.Lock()
		c.Writer.Write(chunk)
		if !pending {
			pending = true
			time.AfterFunc(100*time.Millisecond, func() {
				mu.Lock()
				defer mu.Unlock()
				if !pending {
					return
				}
				c.Writer.Flush() // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
			})
		}
		mu.Unlock()
	}
}
