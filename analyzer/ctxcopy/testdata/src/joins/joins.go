// Package joins holds goroutines the handler waits for (not reported) beside
// the same shapes with a path that returns without waiting (reported).
package joins

import (
	"log"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

func WaitGroupDeferred(c *gin.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Println(c.Param("id"))
	}()
}

func WaitGroupGo(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { log.Println(c.Param("id")) })
	wg.Wait()
}

func WaitGroupGoNoWait(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
}

func WaitGroupEarlyReturn(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
	if c.Query("fast") != "" {
		return // returns without waiting
	}
	wg.Wait()
}

func WaitGroupPassed(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg, c)
	wg.Wait()
}

func worker(wg *sync.WaitGroup, c *gin.Context) { defer wg.Done() }

func ErrgroupNoWait(c *gin.Context) {
	var g errgroup.Group
	g.Go(func() error {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
		return nil
	})
}

func ErrgroupWaitInGoroutine(c *gin.Context) {
	var g errgroup.Group
	g.Go(func() error {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
		return nil
	})
	go g.Wait() // waiting on another goroutine joins nothing
}

func ChannelReceive(c *gin.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		log.Println(c.Param("id"))
	}()
	<-done
}

func ChannelRange(c *gin.Context) {
	results := make(chan string)
	go func() {
		defer close(results)
		results <- c.Param("id")
	}()
	for r := range results {
		log.Println(r)
	}
}

func SelectTimeout(c *gin.Context) {
	res := make(chan string, 1)
	go func() {
		res <- c.Query("q") // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
	select {
	case v := <-res:
		log.Println(v)
	case <-time.After(time.Second):
	}
}

func SelectClientGone(c *gin.Context) {
	res := make(chan string, 1)
	go func() {
		res <- c.Query("q") // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
	select {
	case v := <-res:
		c.String(200, v)
	case <-c.Request.Context().Done():
		return
	}
}

func SelectOnlyResult(c *gin.Context) {
	res := make(chan string)
	go func() { res <- c.Query("q") }()
	select {
	case v := <-res:
		log.Println(v)
	}
}

func WaitAfterPanicPath(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Println(c.Param("id"))
	}()
	if c.Query("x") == "boom" {
		panic("unreachable state") // not a normal return
	}
	wg.Wait()
}

func LoopJoined(c *gin.Context) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Println(c.Param("id"), i)
		}()
	}
	wg.Wait()
}

// Not reported: the goroutine does not touch the context.
func Untouched(c *gin.Context) {
	id := c.Param("id")
	go func() {
		time.Sleep(time.Second)
		log.Println(id)
	}()
}

// The timeout-middleware shape (gin-contrib/timeout's old race): the chain
// runs on a goroutine the middleware abandons when the deadline passes.
func Timeout(c *gin.Context) {
	done := make(chan struct{}, 1)
	go func() {
		c.Next() // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler; .* the handler chain must run, and write the response, before the handler returns, so run it in the handler, or wait for the goroutine`
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-c.Request.Context().Done():
		c.AbortWithStatus(504)
	}
}
