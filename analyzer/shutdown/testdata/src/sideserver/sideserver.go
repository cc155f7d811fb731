package main

import (
	"context"
	"log"
	"net/http"
	_ "net/http/pprof"
	"time"
)

func main() {
	// pprof on DefaultServeMux, on its own goroutine: a debug side server
	// that dies with the process by design.
	go func() {
		log.Println(http.ListenAndServe("localhost:6060", nil))
	}()
	go http.ListenAndServe("localhost:6061", nil)

	srv := &http.Server{Addr: ":8080"}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// The main server is not a side server, even with pprof imported.
func mainServer() {
	log.Fatal(http.ListenAndServe(":8080", nil)) // want `shutdown: http.ListenAndServe starts a server that nothing can shut down: on the next deploy in-flight requests are cut off; serve with srv := &http.Server\{Addr: addr\} and call srv.Shutdown\(ctx\) on SIGTERM`
}
