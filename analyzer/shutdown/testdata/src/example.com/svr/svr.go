// Package svr starts and stops its server on its caller's context.
package svr

import (
	"context"
	"net/http"
	"time"
)

type Server struct{ srv *http.Server }

func (s *Server) Run(ctx context.Context) error { // want Run:`stops\(\[0\]: s.srv.Shutdown at svr.go:\d+\)`
	go s.srv.ListenAndServe()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(sctx)
}

// Stop shuts the server down with a deadline of its own.
func (s *Server) Stop() error { // want Stop:`wraps\(s.srv.Shutdown at svr.go:\d+\)`
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
