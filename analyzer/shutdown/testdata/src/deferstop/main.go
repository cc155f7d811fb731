package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

// The deferred Shutdown runs only if main returns, and main returns only
// when ListenAndServe does; SIGTERM kills the process without running it.
func main() {
	srv := &http.Server{Addr: ":8080"}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	defer srv.Shutdown(ctx) // want `shutdown: deferred srv.Shutdown never runs on a deploy: nothing in the program handles SIGTERM, whose default action ends the process at once without running deferred calls, and main returns only when srv.ListenAndServe does — in-flight requests are cut off; serve on a goroutine, wait until the context of signal.NotifyContext\(ctx, os.Interrupt, syscall.SIGTERM\) is done, then call srv.Shutdown`
	log.Fatal(srv.ListenAndServe())
}
