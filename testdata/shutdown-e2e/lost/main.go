// Command lost shuts down gracefully, but its handler hands durable work
// (a file write 300 ms later) to a goroutine nothing waits for: SIGTERM
// right after the response, and main returns once Shutdown does, before
// the write.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

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
	if err := srv.Shutdown(ctx); err != nil { // want `shutdown: srv.Shutdown waits for the requests in flight, not for a goroutine that request handlers start doing durable work \(writes a file at main.go:44\)`
		log.Printf("shutdown: %v", err)
	}
}

func signup(c *gin.Context) {
	out := os.Getenv("OUT")
	go func() {
		time.Sleep(300 * time.Millisecond) // the e-mail, the audit row
		if err := os.WriteFile(out, []byte("written"), 0o600); err != nil {
			log.Print(err)
		}
	}()
	c.String(http.StatusOK, "accepted")
}
