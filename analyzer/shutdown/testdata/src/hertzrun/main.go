// Package main: hertz's Run handles no signal and, with nothing calling
// Shutdown, is gin's r.Run; Spin shuts down on SIGTERM by itself.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
)

func index(ctx context.Context, c *app.RequestContext) { c.String(200, "ok") }

func main() {
	h := server.Default()
	h.GET("/", index)
	h.Run() // want `shutdown: h.Run serves until the process dies: nothing in the package calls h.Shutdown`
}

func spin() {
	h := server.Default()
	h.GET("/", index)
	h.Spin()
}

func runWithShutdown() {
	h := server.New()
	h.GET("/", index)
	go func() {
		sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		<-sig.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		h.Shutdown(ctx)
	}()
	h.Run()
}
