// Package lib is a library: Start and Stop methods on a server type.
package lib

import (
	"context"
	"net/http"
)

type Server struct {
	http *http.Server
}

func (s *Server) Start() error { return s.http.ListenAndServe() }

func (s *Server) Stop(ctx context.Context) error { return s.http.Shutdown(ctx) }

// Nothing stops this one, and its field is not reachable from outside.
type Worker struct {
	srv *http.Server
}

func (w *Worker) Start() error {
	return w.srv.ListenAndServe() // want `shutdown: w.srv.ListenAndServe serves until the process dies: nothing in the package calls w.srv.Shutdown`
}

// An exported field: the package's users can shut it down.
type Public struct {
	Srv *http.Server
}

func (p *Public) Start() error { return p.Srv.ListenAndServe() }

// An embedded server: the promoted methods reach the same field.
type Embedded struct {
	*http.Server
}

func (e *Embedded) Run() error { return e.ListenAndServe() }

func (e *Embedded) Stop(ctx context.Context) error { return e.Server.Shutdown(ctx) }
