// Package metrics reproduces gin-admin's pkg/promx: a Prometheus endpoint
// registered on DefaultServeMux and served from its own goroutine. A
// side server; the main server shuts down on its own.
package metrics

import (
	"log"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func Start(addr string) {
	go func() {
		http.Handle("/metrics", promhttp.Handler())
		log.Fatal(http.ListenAndServe(addr, nil))
	}()
	go http.ListenAndServe(":9100", promhttp.Handler())
}

// The same call, not on a goroutine of its own, is the program's server.
func Serve(addr string) {
	http.Handle("/metrics", promhttp.Handler())
	log.Fatal(http.ListenAndServe(addr, nil)) // want `shutdown: http.ListenAndServe starts a server that nothing can shut down`
}
