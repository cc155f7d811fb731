// want package:`reported\[handlers.go:28 handlers.go:31\]`

// Package drainserver stops the server; its main only runs a command.
// The package sees the handlers' goroutines through its imports.
package drainserver

import (
	"context"
	"net/http"
	"time"

	"drainhandlers"
)

type Server struct {
	srv *http.Server
	h   *drainhandlers.Handler
}

func (s *Server) Start() { // want Start:`starts\[\{writes to a database handlers.go:38 \}\]`
	mux := http.NewServeMux()
	s.h.Register(mux)
	s.srv = &http.Server{Handler: mux}
	go s.srv.ListenAndServe()
}

func (s *Server) Stop(ctx context.Context) error {
	return s.srv.Shutdown(ctx) // want `shutdown: s.srv.Shutdown waits for the requests in flight, not for 2 goroutines that request handlers start doing durable work \(writes to a database at handlers.go:28; writes to a database at handlers.go:31\)`
}

// Close stops with a deadline of its own.
func (s *Server) Close() error { // want Close:`wraps\(s.srv.Shutdown at server.go:\d+\)`
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
