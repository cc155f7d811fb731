package main

import (
	"context"
	"net/http"
	"os/signal"
	"syscall"
	"time"
)

// Regression: servers kept in a slice, started in one loop and shut down
// in another, are one collection.
func main() {
	var servers []*http.Server
	for _, addr := range []string{":8080", ":8081"} {
		servers = append(servers, &http.Server{Addr: addr})
	}
	for _, s := range servers {
		go s.ListenAndServe()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range servers {
		s.Shutdown(sctx)
	}
}

// The same in a map, by index.
func byName(ctx context.Context, servers map[string]*http.Server) { // want byName:`stops\(\[0\]: s\.Close at collection\.go:39\)`
	local := map[string]*http.Server{"a": {Addr: ":1"}}
	for name := range local {
		go local[name].ListenAndServe()
	}
	<-ctx.Done()
	for _, s := range local {
		s.Close()
	}
}

// The look-alike: a collection nothing shuts down.
func neverStopped(ctx context.Context) {
	pool := []*http.Server{{Addr: ":8080"}, {Addr: ":8081"}} // the collection's declaration is the related position
	for _, s := range pool {
		go s.ListenAndServe() // want `shutdown: s.ListenAndServe serves until the process dies: nothing in the package calls s.Shutdown`
	}
	<-ctx.Done()
}
