// Package metrics builds the metrics side server for main.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler is the metrics handler.
func Handler() http.Handler { // want Handler:"side"
	return promhttp.Handler()
}

// NewServer serves only the metrics.
func NewServer(addr string) *http.Server { // want NewServer:"side"
	mux := http.NewServeMux()
	mux.Handle("/metrics", Handler())
	return &http.Server{Addr: addr, Handler: mux}
}

// NewAPI serves the metrics beside the API: not a side server.
func NewAPI(addr string, api http.Handler) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.Handler())
	mux.Handle("/", api)
	return &http.Server{Addr: addr, Handler: mux}
}
