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

// Close is a stop too, in a goroutine that waits for the signal.
func main() {
	srv := &http.Server{Addr: ":8080"}
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, os.Interrupt) // want `shutdown: signal.Notify listens for os.Interrupt but not SIGTERM, .* on the next deploy srv.Close never runs`
	go func() {
		<-quit
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

// The signal context goes to a function that shuts the server down once
// it is done.
func withRun(srv *http.Server) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `shutdown: signal.NotifyContext listens for os.Interrupt but not SIGTERM, .* on the next deploy srv.Shutdown \(main.go:\d+, called by main.run\) never runs`
	defer stop()
	return run(ctx, srv)
}

func run(ctx context.Context, srv *http.Server) error { // want run:`stops\(\[0\]: srv.Shutdown at main.go:\d+\)`
	go srv.ListenAndServe()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// Through one more call.
func withServe(srv *http.Server) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `called by main.serve\) never runs`
	defer stop()
	return serve(ctx, srv)
}

func serve(ctx context.Context, srv *http.Server) error { // want serve:`stops\(\[0\]: srv.Shutdown at main.go:\d+\)`
	return run(ctx, srv)
}

// The look-alike: SIGTERM is there.
func withTerm(srv *http.Server) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, srv)
}

// The look-alike: the context goes to work that stops no server (a CLI
// step that ends on Ctrl-C).
func withWork() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	work(ctx)
}

func work(ctx context.Context) { <-ctx.Done() }

// The look-alike: SIGTERM registered by a second Notify on the same
// channel.
func twoNotifies(srv *http.Server) {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, os.Interrupt)
	signal.Notify(quit, syscall.SIGTERM)
	<-quit
	srv.Close()
}
