package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"
)

func main() {
	srv := &http.Server{Addr: ":8080"} // the server's declaration is the related position
	srv.ListenAndServe()               // want `shutdown: srv.ListenAndServe serves until the process dies: nothing in the package calls srv.Shutdown, so on the next deploy in-flight requests are cut off; call srv.Shutdown\(ctx\) when SIGTERM arrives`
}

// Several servers in one program are tracked separately: the admin
// server has a Shutdown, the public one does not.
func two(ctx context.Context) { // want two:`stops\(\[0\]: admin\.Shutdown at noshutdown\.go:27\)`
	public := &http.Server{Addr: ":8080"}
	admin := &http.Server{Addr: ":9090"}
	go public.ListenAndServe() // want `shutdown: public.ListenAndServe serves until the process dies`
	go admin.ListenAndServe()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	admin.Shutdown(sctx)
}

// A deliberate Close is a choice, not an oversight.
func closed(ln net.Listener, stop <-chan struct{}) { // want closed:`stops\(\[1\]: srv\.Close at noshutdown\.go:35\)`
	srv := &http.Server{}
	go srv.Serve(ln)
	<-stop
	srv.Close()
}

// Returned: the caller can shut it down.
func start() *http.Server {
	srv := &http.Server{Addr: ":8080"}
	go srv.ListenAndServe()
	return srv
}

// Handed to a library, with its Shutdown as a method value.
func handed() {
	srv := &http.Server{Addr: ":8080"}
	run(srv.ListenAndServe, srv.Shutdown)
}

func run(serve func() error, stop func(context.Context) error) {}

// errgroup-based: one goroutine serves, another shuts down on cancel.
func group(ctx context.Context) error { // want group:`stops\(\[0\]: srv\.Shutdown at noshutdown\.go:62\)`
	srv := &http.Server{Addr: ":8080"}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(srv.ListenAndServe)
	g.Go(func() error {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	return g.Wait()
}

// A method value with nothing to stop the server is reported too.
func groupNoStop(ctx context.Context) error {
	srv := &http.Server{Addr: ":8080"}
	var g errgroup.Group
	g.Go(srv.ListenAndServe) // want `shutdown: srv.ListenAndServe serves until the process dies`
	return g.Wait()
}

// A server that comes in as a parameter belongs to the caller.
func serve(srv *http.Server) error {
	return srv.ListenAndServe()
}
