package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/drainsvc"
	"example.com/drainweb"
	"github.com/gin-gonic/gin"
)

// Handlers in one package, goroutines started by the service layer in
// another: Notify's is lost, Audit's is drained by svc.Close.
func main() {
	svc := &drainsvc.Service{}
	r := gin.New()
	drainweb.Routes(r, &drainweb.Handler{Svc: svc})
	srv := &http.Server{Addr: ":8080", Handler: r}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-sig.Done()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil { // want `shutdown: srv.Shutdown waits for the requests in flight, not for a goroutine that request handlers start doing durable work \(writes to a database at svc.go:22\)`
		log.Print(err)
	}
	svc.Close()
}
