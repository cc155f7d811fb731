package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	admin := &http.Server{Addr: ":9090"}
	go func() {
		log.Fatal(srv.ListenAndServe()) // want `shutdown: log.Fatal ends the process as soon as srv.Shutdown starts: srv.ListenAndServe then returns http.ErrServerClosed at once, so on the next deploy in-flight requests are cut off instead of drained; ignore http.ErrServerClosed \(errors.Is\(err, http.ErrServerClosed\)\)$`
	}()
	go func() {
		if err := admin.ListenAndServe(); err != nil {
			log.Fatalf("admin: %v", err) // want `shutdown: log.Fatalf ends the process as soon as admin.Shutdown starts`
		}
	}()
	<-wait()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	admin.Shutdown(ctx)
}

func wait() <-chan os.Signal {
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	return quit
}

type app struct {
	srv *http.Server
}

// Not on a goroutine of its own: whoever calls serve returns when it
// does, so ignoring ErrServerClosed is not enough, and no fix is offered.
func (a *app) serve() {
	if err := a.srv.ListenAndServe(); err != nil {
		log.Fatalf("listen: %v", err) // want `shutdown: log.Fatalf ends the process as soon as a.srv.Shutdown starts: .*; ignore http.ErrServerClosed \(errors.Is\(err, http.ErrServerClosed\)\) and return only after a.srv.Shutdown has`
	}
}

func (a *app) serveExit() {
	err := a.srv.ListenAndServe()
	if err != nil {
		log.Print(err)
		os.Exit(1) // want `shutdown: os.Exit ends the process as soon as a.srv.Shutdown starts`
	}
}

func (a *app) servePanic() {
	err := a.srv.ListenAndServe()
	panic(err) // want `shutdown: panic ends the process as soon as a.srv.Shutdown starts`
}

// The look-alikes: ErrServerClosed told apart.
func (a *app) serveChecked() {
	if err := a.srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

func (a *app) serveLogged() {
	if err := a.srv.ListenAndServe(); err != nil {
		log.Print(err) // not fatal
	}
}

func (a *app) stop() { // want stop:`wraps\(a.srv.Shutdown at errclosed.go:78\)`
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.srv.Shutdown(ctx)
}

// Closed, never shut down: Close cuts connections anyway, ErrServerClosed
// or not.
type closer struct{ srv *http.Server }

func (c *closer) serve() { log.Fatal(c.srv.ListenAndServe()) }
func (c *closer) stop()  { c.srv.Close() } // want stop:`wraps\(c.srv.Close at errclosed.go:86\)`

// The fix's variable hides nothing the statement uses: the err that
// log.Fatal already logs stays the caller's.
type tagged struct{ srv *http.Server }

func (t *tagged) serve(err error) {
	go func() {
		log.Fatal(err, t.srv.ListenAndServe()) // want `shutdown: log.Fatal ends the process as soon as t.srv.Shutdown starts`
	}()
}

func (t *tagged) stop(ctx context.Context) { t.srv.Shutdown(ctx) }
