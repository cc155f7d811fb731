// Package main: the signal reaches the stop only through a cancel
// function — the context svr.Run waits on before calling Shutdown is
// cancelled once the signal context is done.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"example.com/svr"
)

func main() {
	s := &svr.Server{}
	ctx, cancel := context.WithCancel(context.Background())
	sigCtx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-sigCtx.Done()
		cancel()
	}()
	s.Run(ctx)
}

// interruptOnly listens for Ctrl-C alone: the stop it feeds, through
// cancel, never runs on a deploy.
func interruptOnly() {
	s := &svr.Server{}
	ctx, cancel := context.WithCancel(context.Background())
	sigCtx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `shutdown: signal.NotifyContext listens for os.Interrupt but not SIGTERM, .* on the next deploy s.srv.Shutdown \(svr.go:\d+, called by \(\*svr.Server\).Run once cancel\(\) cancels ctx\) never runs`
	defer stop()
	go func() {
		<-sigCtx.Done()
		cancel()
	}()
	s.Run(ctx)
}
