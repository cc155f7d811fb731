// Package main: a reload on SIGHUP beside a stop that listens for SIGTERM
// on its own channel (miniflux's daemon): the reload is not a stop. A
// SIGHUP beside os.Interrupt on the stop's channel is.
package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	go srv.ListenAndServe()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	signal.Notify(stop, syscall.SIGTERM)
	again := make(chan os.Signal, 1)
	signal.Notify(again, syscall.SIGHUP)
	for {
		select {
		case <-again:
			println("reload")
		case <-stop:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
			return
		}
	}
}

func hangup(srv *http.Server) {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGHUP, os.Interrupt) // want `signal.Notify listens for syscall.SIGHUP, os.Interrupt but not SIGTERM`
	<-stop
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}
