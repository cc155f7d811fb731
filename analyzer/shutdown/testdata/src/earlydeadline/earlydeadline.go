// Package main has Shutdown deadlines that start before the program
// waits for its stop, beside their look-alikes.
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
	srv := &http.Server{Addr: ":8080"}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go srv.ListenAndServe()
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit
	srv.Shutdown(ctx) // want `shutdown: srv.Shutdown\(ctx\) gets a deadline that started before the program waited for its stop: context.WithTimeout counts from when it is made, so by the time the stop comes it has long expired, Shutdown returns context.DeadlineExceeded at once and in-flight requests are cut off on every deploy; make the timeout context after the wait, just before Shutdown`
}

// A deferred stop runs at the function's return, after a helper that
// waits for the signal (trustwallet/watchmarket's shape).
func deferredStop(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	defer func() {
		if err := srv.Shutdown(ctx); err != nil { // want `shutdown: srv.Shutdown\(ctx\) gets a deadline that started before`
			log.Fatal(err)
		}
	}()
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	waitForExit()
}

func waitForExit() {
	exit := make(chan os.Signal, 1)
	signal.Notify(exit, syscall.SIGINT, syscall.SIGTERM)
	<-exit
}

// The wait is in the goroutine that stops the server, and the function
// waits for that goroutine.
func stopper(srv *http.Server) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(10*time.Second))
	defer cancel()
	stopped := make(chan struct{})
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		srv.Shutdown(ctx) // want `shutdown: srv.Shutdown\(ctx\) gets a deadline that started before`
		close(stopped)
	}()
	srv.ListenAndServe()
	<-stopped
}

// A context the caller cancels to stop is a stop signal too.
func run(ctx context.Context, srv *http.Server) error { // want run:`stops\(\[0\]: srv.Shutdown at earlydeadline.go:\d+\)`
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go srv.ListenAndServe()
	<-ctx.Done()
	return srv.Shutdown(stopCtx) // want `shutdown: srv.Shutdown\(stopCtx\) gets a deadline that started before`
}

func notifyContext(srv *http.Server) {
	timeout, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sigCtx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go srv.ListenAndServe()
	select {
	case <-sigCtx.Done():
	}
	srv.Shutdown(timeout) // want `shutdown: srv.Shutdown\(timeout\) gets a deadline that started before`
}

// The look-alikes.

// The recipe: the deadline starts when the stop does.
func recipe(srv *http.Server) {
	go srv.ListenAndServe()
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// A deferred stop whose deadline is made after the wait.
func deferredAfter(srv *http.Server) {
	go srv.ListenAndServe()
	waitForExit()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	defer srv.Shutdown(ctx)
}

// The timer starts in the goroutine, after its wait.
func stopperAfter(srv *http.Server) {
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	srv.ListenAndServe()
}

// A wait for something other than the stop (the server being ready, a
// result) may be short: the deadline may still hold.
func ready(srv *http.Server, up chan struct{}) { // want ready:`stops\(\[1\]: srv.Shutdown at earlydeadline.go:\d+\)`
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go srv.ListenAndServe()
	<-up
	srv.Shutdown(ctx)
}

// A stop that waits nowhere: the deadline starts just before it.
func direct(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// A literal stored for later runs when its holder calls it: the rule
// does not guess when that is.
func stored(srv *http.Server) func() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = cancel
	return func() {
		<-ctx.Done()
		srv.Shutdown(ctx)
	}
}

// A timer made at startup for the startup, and made again after the
// wait: Shutdown gets the second (the variable is set twice, so the rule
// does not claim to know which).
func remade(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	go srv.ListenAndServe()
	waitForExit()
	cancel()
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}
