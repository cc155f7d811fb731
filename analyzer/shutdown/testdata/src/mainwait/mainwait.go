// Package main is seed article 004 §3.2's shape: ErrServerClosed is told
// apart, but main serves and returns the moment Shutdown starts.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	server := &http.Server{Addr: ":8080"}
	go func() {
		sigCh := make(chan os.Signal, 1)
		signal.Notify(sigCh, syscall.SIGINT, syscall.SIGTERM)
		<-sigCh
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		server.Shutdown(ctx)
	}()
	if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed { // want `shutdown: main returns as soon as server.ListenAndServe does, which is the moment server.Shutdown starts: the process exits without waiting for in-flight requests, so on the next deploy they are cut off; wait for server.Shutdown to return before main does`
		log.Fatal(err)
	}
	log.Println("server stopped")
}
