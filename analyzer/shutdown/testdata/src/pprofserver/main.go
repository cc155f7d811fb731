// Package main starts pprof with its own http.Server on a goroutine: a
// side server (issue 24); the main server, its look-alike on the same
// DefaultServeMux, is stopped.
package main

import (
	"context"
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	go func() {
		debug := &http.Server{Addr: "localhost:6060", ReadHeaderTimeout: time.Second}
		log.Print(debug.ListenAndServe())
	}()
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-sig.Done()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// api is not a side server: its handler is the application's.
func api() {
	s := &http.Server{Addr: ":8081", Handler: http.NotFoundHandler()}
	go s.ListenAndServe() // want `shutdown: s.ListenAndServe serves until the process dies`
	select {}
}
