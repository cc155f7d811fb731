package main

import (
	"context"
	"os"
	"os/signal"

	"example.com/svr"
)

// Regression: the signal handling is in main, the server in another
// package, which shuts it down when the context is done.
func main() {
	var s svr.Server
	sigCtx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `shutdown: signal.NotifyContext listens for os.Interrupt but not SIGTERM, .* on the next deploy s.srv.Shutdown \(svr.go:\d+, called by \(\*svr.Server\).Run\) never runs`
	defer stop()
	s.Run(sigCtx)
}
