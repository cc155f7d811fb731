package router // want package:"ctxcancel analysed"

// Package router adapts handlers of the application's own shape to
// net/http (issue 24: handlers of any shape).

import (
	"encoding/json"
	"io"
	"net/http"
)

type Response struct {
	Code int
	Body any
}

// Handler is the application's handler shape.
type Handler func(r *http.Request, vars map[string]string, body []byte) *Response

// Wrap serves requests with h.
func Wrap(h Handler) http.HandlerFunc { // want Wrap:`ctxcancel serves 0\(request 0\)`
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		resp := h(r, map[string]string{}, body)
		w.WriteHeader(resp.Code)
		json.NewEncoder(w).Encode(resp.Body)
	}
}

// Later runs h with a request it makes itself: not the one being served.
func Later(h Handler) {
	req, _ := http.NewRequest("GET", "/", nil)
	h(req, nil, nil)
}
