// Package joins: goroutines the handler waits for cannot outlive it.
package joins

import (
	"database/sql"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

var db *sql.DB

func WaitGroup(c *gin.Context) {
	ctx := c.Request.Context()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db.ExecContext(ctx, "INSERT")
		}()
	}
	wg.Wait()
}

func Errgroup(c *gin.Context) error {
	g, ctx := errgroup.WithContext(c.Request.Context())
	g.Go(func() error {
		_, err := db.ExecContext(ctx, "INSERT")
		return err
	})
	return g.Wait()
}

func ErrgroupNotWaited(c *gin.Context) {
	g, ctx := errgroup.WithContext(c.Request.Context())
	g.Go(func() error {
		_, err := db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx \(from c.Request.Context\(\)\)`
		return err
	})
}

func Channel(c *gin.Context) {
	ctx := c.Request.Context()
	done := make(chan error)
	go func() {
		_, err := db.ExecContext(ctx, "INSERT")
		done <- err
	}()
	<-done
}

func AfterFunc(c *gin.Context) {
	ctx := c.Request.Context()
	time.AfterFunc(time.Minute, func() {
		db.ExecContext(ctx, "DELETE") // want `db.ExecContext is called with ctx`
	})
}

// A producer whose results the handler streams: it works for the
// response, and stopping it when the client goes away is the point, even
// though the handler may return first.
func Stream(c *gin.Context) {
	ctx := c.Request.Context()
	ch := make(chan string)
	go func() {
		defer close(ch)
		rows, _ := db.QueryContext(ctx, "SELECT")
		_ = rows
		ch <- "row"
	}()
	for {
		select {
		case s, ok := <-ch:
			if !ok {
				return
			}
			c.String(200, s)
		case <-ctx.Done():
			return
		}
	}
}

// The same, with the channel handed to a helper that streams it.
func StreamHelper(c *gin.Context) {
	ch := make(chan string)
	go func() {
		defer close(ch)
		db.QueryContext(c.Request.Context(), "SELECT")
	}()
	stream(c, ch)
}

func stream(c *gin.Context, ch chan string) {
	for s := range ch {
		c.String(200, s)
	}
}

// A channel the handler only closes or measures is not read.
func NotRead(c *gin.Context) {
	ctx := c.Request.Context()
	ch := make(chan error, 1)
	go func() {
		_, err := db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx`
		ch <- err
	}()
	_ = len(ch)
}

// DeferredWait waits in a function it defers after the launch: the
// deferred function runs before the handler returns.
func DeferredWait(c *gin.Context) {
	ctx := c.Request.Context()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		db.ExecContext(ctx, "INSERT")
	}()
	defer func() {
		c.Status(204)
		wg.Wait()
	}()
}

// DeferredWaitAfterReturn registers the waiting function only on the
// path that does not return first.
func DeferredWaitAfterReturn(c *gin.Context) {
	ctx := c.Request.Context()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		db.ExecContext(ctx, "INSERT") // want `db.ExecContext is called with ctx \(from c.Request.Context\(\)\)`
	}()
	if c.Query("fast") != "" {
		return
	}
	defer func() { wg.Wait() }()
}
