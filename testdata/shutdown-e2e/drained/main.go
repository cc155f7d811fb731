// Command drained is lost with the recipe the drain check asks for: the
// handler counts its goroutine on a WaitGroup that main waits for after
// Shutdown, with a deadline.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

var background sync.WaitGroup

func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	r.POST("/signup", signup)

	srv := &http.Server{Addr: os.Getenv("ADDR"), Handler: r}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Printf("shutdown: %v", err)
	}
	done := make(chan struct{})
	go func() {
		background.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		log.Print("shutdown: background work still running")
	}
}

func signup(c *gin.Context) {
	out := os.Getenv("OUT")
	background.Add(1)
	go func() {
		defer background.Done()
		time.Sleep(300 * time.Millisecond)
		if err := os.WriteFile(out, []byte("written"), 0o600); err != nil {
			log.Print(err)
		}
	}()
	c.String(http.StatusOK, "accepted")
}
