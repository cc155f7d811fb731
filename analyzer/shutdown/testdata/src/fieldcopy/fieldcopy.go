// Package fieldcopy serves and stops a server held in a field, each
// method through a local copy of the field: the copies are the field's
// server, so Shutdown stops what Start serves.
package fieldcopy

import (
	"context"
	"net/http"
	"sync"
)

type Server struct {
	mu    sync.Mutex
	srv   *http.Server
	other *http.Server
}

func (s *Server) Start(addr string) error {
	s.mu.Lock()
	if s.srv == nil {
		s.srv = &http.Server{Addr: addr}
	}
	srv := s.srv
	s.mu.Unlock()
	return srv.ListenAndServe()
}

func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Shutdown(ctx)
}

// StartOther serves a field nothing stops, through a copy just the same.
func (s *Server) StartOther() error {
	srv := s.other
	return srv.ListenAndServe() // want `shutdown: srv.ListenAndServe serves until the process dies: nothing in the package calls srv.Shutdown`
}

// A copy assigned again is not the field's any more.
func (s *Server) StartReassigned(addr string) error {
	srv := s.srv
	srv = &http.Server{Addr: addr}
	return srv.ListenAndServe() // want `shutdown: srv.ListenAndServe serves until the process dies`
}
