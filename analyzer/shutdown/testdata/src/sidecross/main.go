// Package main starts metrics side servers whose constructors live in
// another package (not reported), beside the API server built there too
// (reported: nothing stops it).
package main

import (
	"log"
	"net/http"

	"example.com/metrics"
)

func main() {
	go http.ListenAndServe(":9090", metrics.Handler())
	ms := metrics.NewServer(":9091")
	go ms.ListenAndServe()
	api := metrics.NewAPI(":8080", http.NotFoundHandler())
	go func() {
		log.Print(api.ListenAndServe()) // want `shutdown: api.ListenAndServe serves until the process dies: nothing in the package calls api.Shutdown`
	}()
	select {}
}
