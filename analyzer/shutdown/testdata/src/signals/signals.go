package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, os.Interrupt) // want `shutdown: signal.Notify listens for os.Interrupt but not SIGTERM, which Kubernetes, Docker and systemd send to stop a service: on the next deploy srv.Shutdown never runs and in-flight requests are cut off; add syscall.SIGTERM`
	<-quit
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

func notifyContext(srv *http.Server) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `shutdown: signal.NotifyContext listens for os.Interrupt but not SIGTERM`
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
}

// A command-line tool that stops on Ctrl-C: nobody sends it SIGTERM.
func cli(ctx context.Context) {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, os.Interrupt)
	<-quit
}

// Every signal, or a list the rule cannot read: not reported.
func all(srv *http.Server, sigs []os.Signal) {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit)
	signal.Notify(quit, sigs...)
	<-quit
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}
