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
