// Package main: a Shutdown deadline derived from the signal context that
// has already fired returns context.Canceled at once.
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
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	sigCtx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-sigCtx.Done()
	ctx, cancel := context.WithTimeout(sigCtx, 25*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil { // want `shutdown: srv.Shutdown\(ctx\) returns context.Canceled at once: its context is derived from sigCtx, which is already done .* derive the deadline from context.Background\(\)`
		log.Print(err)
	}
}

// Run is a server's own Run(ctx): it waits for ctx, then shuts down with
// a deadline derived from it — the same mistake.
func Run(ctx context.Context, srv *http.Server) error { // want Run:`stops\(\[0\]: srv.Shutdown at main.go:\d+\)`
	go srv.ListenAndServe()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx) // want `shutdown: srv.Shutdown\(sctx\) returns context.Canceled at once: its context is derived from ctx`
}

// RunOK derives the deadline from context.Background().
func RunOK(ctx context.Context, srv *http.Server) error { // want RunOK:`stops\(\[0\]: srv.Shutdown at main.go:\d+\)`
	go srv.ListenAndServe()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// RunOrFail shuts down on a server error too: in that case ctx is not
// done, and the rule cannot tell which case Shutdown runs in.
func RunOrFail(ctx context.Context, srv *http.Server) error { // want RunOrFail:`stops\(\[0\]: srv.Shutdown at main.go:\d+\)`
	errCh := make(chan error, 1)
	go func() { errCh <- srv.ListenAndServe() }()
	select {
	case <-ctx.Done():
	case err := <-errCh:
		log.Print(err)
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
