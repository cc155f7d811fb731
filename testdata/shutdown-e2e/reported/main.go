// Command reported is the shape the shutdown rule reports: a server with a
// graceful Shutdown on SIGTERM, whose ListenAndServe error goes straight
// to log.Fatal. ListenAndServe returns http.ErrServerClosed the moment
// Shutdown starts, and log.Fatal exits with the slow request in flight.
package main

import (
	"context"
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
		quit := make(chan os.Signal, 1)
		signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
		<-quit
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	log.Fatal(srv.ListenAndServe()) // want `shutdown: log.Fatal ends the process as soon as srv.Shutdown starts`
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
