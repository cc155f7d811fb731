// Command fixed is the same server in the shape the shutdown rule accepts:
// it serves on a goroutine of its own, tells http.ErrServerClosed apart,
// and main returns only after Shutdown has drained the requests in
// flight.
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
	r.GET("/slow", slow)

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
}

func slow(c *gin.Context) {
	d, err := time.ParseDuration(c.Query("d"))
	if err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	log.Printf("slow: started")
	time.Sleep(d)
	c.String(http.StatusOK, "done")
}
