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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	srv.Shutdown(context.Background()) // want `shutdown: srv.Shutdown\(context.Background\(\)\) has no deadline: one connection that never goes idle \(a long poll, a websocket, a stuck handler\) makes it wait forever, and the deploy hangs until the process is killed; pass a context from context.WithTimeout`
}

func todo(srv *http.Server) {
	srv.Shutdown(context.TODO()) // want `shutdown: srv.Shutdown\(context.TODO\(\)\) has no deadline`
}

func cancelOnly(srv *http.Server) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.Shutdown(ctx) // want `shutdown: srv.Shutdown\(ctx \(from context.Background\(\)\)\) has no deadline`
}

// NotifyContext's context is done on the signal, and has no deadline
// after it.
func signalCtx(srv *http.Server) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	srv.Shutdown(ctx) // want `shutdown: srv.Shutdown\(ctx \(from context.Background\(\)\)\) has no deadline`
}

// The look-alikes.
func timeout(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

func deadline(srv *http.Server) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(10*time.Second))
	defer cancel()
	srv.Shutdown(ctx)
}

func given(ctx context.Context, srv *http.Server) {
	srv.Shutdown(ctx) // the caller's context: may well have a deadline
}

func reassigned(srv *http.Server, d time.Duration) {
	ctx := context.Background()
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	srv.Shutdown(ctx)
}

// net/http's own example: main waits for the goroutine that calls
// Shutdown (it closes idle after it), so a connection that never goes
// idle hangs the deploy.
func waited(srv *http.Server) {
	idle := make(chan struct{})
	go func() {
		srv.Shutdown(context.Background()) // want `shutdown: srv.Shutdown\(context.Background\(\)\) has no deadline`
		close(idle)
	}()
	srv.ListenAndServe()
	<-idle
}

// A goroutine that tells someone else when Shutdown is done (a cancel, a
// WaitGroup counted elsewhere) is waited for too.
func signalled(srv *http.Server, stopped context.CancelFunc) {
	go func() {
		srv.Shutdown(context.Background()) // want `shutdown: srv.Shutdown\(context.Background\(\)\) has no deadline`
		stopped()
	}()
}

// The look-alike: Shutdown on a goroutine nothing joins and that signals
// nothing. The serving call returns as soon as the listener closes, and
// no exit waits for this goroutine: a stuck connection keeps it, and
// delays nothing.
func unwaited(ctx context.Context, srv *http.Server) { // want unwaited:`stops\(\[0\]: srv.Shutdown at deadline.go:\d+\)`
	go func() {
		<-ctx.Done()
		if err := srv.Shutdown(context.Background()); err != nil {
			println(err.Error())
		}
	}()
	srv.ListenAndServe()
}

// A configured "no limit": the function gives Shutdown a deadline on the
// other path, so the deadline-less call is the configuration's choice.
func configured(srv *http.Server, max time.Duration) error {
	if max <= 0 {
		return srv.Shutdown(context.Background())
	}
	ctx, cancel := context.WithTimeout(context.Background(), max)
	defer cancel()
	return srv.Shutdown(ctx)
}

// The look-alike: both paths without a deadline offer none.
func neverLimited(srv *http.Server, quick bool) error {
	if quick {
		return srv.Shutdown(context.TODO()) // want `shutdown: srv.Shutdown\(context.TODO\(\)\) has no deadline`
	}
	return srv.Shutdown(context.Background()) // want `shutdown: srv.Shutdown\(context.Background\(\)\) has no deadline`
}
