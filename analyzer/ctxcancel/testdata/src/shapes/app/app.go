package app // want package:"ctxcancel analysed"

import (
	"context"
	"database/sql"
	"net/http"

	"shapes/router"
)

type Server struct {
	db  *sql.DB
	mux *http.ServeMux
}

// wrap is the package's own adapter, with a shorter shape.
func (s *Server) wrap(h func(r *http.Request) int) http.HandlerFunc { // want wrap:`ctxcancel serves 0\(request 0\)`
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(h(r))
	}
}

func (s *Server) getThing(r *http.Request, vars map[string]string, body []byte) *router.Response { // want getThing:`ctxcancel observes 0 \(s.db.ExecContext at app.go:\d+\) detaches 0 \(go statement at app.go:\d+ calls s.db.ExecContext\)`
	go func() {
		s.db.ExecContext(r.Context(), "UPDATE things SET seen = 1")
	}()
	return &router.Response{Code: http.StatusOK}
}

// putThing detaches the context for its goroutine.
func (s *Server) putThing(r *http.Request, vars map[string]string, body []byte) *router.Response {
	go func(ctx context.Context) {
		s.db.ExecContext(ctx, "UPDATE things SET body = ?", body)
	}(context.WithoutCancel(r.Context()))
	return &router.Response{Code: http.StatusNoContent}
}

// listThings does its work before it returns.
func (s *Server) listThings(r *http.Request, vars map[string]string, body []byte) *router.Response { // want listThings:`ctxcancel observes 0 \(s.db.QueryContext at app.go:\d+\)$`
	s.db.QueryContext(r.Context(), "SELECT")
	return &router.Response{Code: http.StatusOK}
}

func (s *Server) ping(r *http.Request) int { // want ping:`ctxcancel observes 0 \(s.db.PingContext at app.go:\d+\) detaches 0 \(go statement at app.go:\d+ calls s.db.PingContext\)`
	go s.db.PingContext(r.Context())
	return http.StatusOK
}

func (s *Server) Routes() {
	s.mux.Handle("/thing", router.Wrap(s.getThing)) // want `s.getThing serves requests through router.Wrap and hands the request's context to a goroutine it does not wait for \(go statement at app.go:\d+ calls s.db.ExecContext\); .* — let \(\*app.Server\).getThing hand its goroutine context.WithoutCancel\(r.Context\(\)\)`
	s.mux.Handle("/thing/put", router.Wrap(s.putThing))
	s.mux.Handle("/things", router.Wrap(s.listThings))
	s.mux.Handle("/ping", s.wrap(s.ping)) // want `s.ping serves requests through s.wrap`
	router.Later(s.getThing)
}
