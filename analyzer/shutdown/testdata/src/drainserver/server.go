// Package drainserver stops the server; its main only runs a command.
// The package sees the handlers' goroutines through its imports.
package drainserver

import (
	"context"
	"net/http"

	"drainhandlers"
)

type Server struct {
	srv *http.Server
	h   *drainhandlers.Handler
}

func (s *Server) Start() { // want Start:`starts\[\{writes to a database handlers.go:25 \}\]`
	mux := http.NewServeMux()
	s.h.Register(mux)
	s.srv = &http.Server{Handler: mux}
	go s.srv.ListenAndServe()
}

func (s *Server) Stop(ctx context.Context) error {
	return s.srv.Shutdown(ctx) // want `shutdown: s.srv.Shutdown waits for the requests in flight, not for a goroutine that request handlers start doing durable work \(writes to a database at handlers.go:16\)`
}
