package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
)

var (
	db     *sql.DB
	tasks  sync.WaitGroup
	hooks  errgroup.Group
	client = &http.Client{}
)

// The drained shapes: a package WaitGroup and an errgroup that main waits
// for after Shutdown, the goroutine joined before the handler returns,
// and a goroutine that only counts in memory.
func handle(w http.ResponseWriter, r *http.Request) {
	tasks.Add(1)
	go func() {
		defer tasks.Done()
		db.Exec("INSERT INTO audit (what) VALUES ('handle')")
	}()
	hooks.Go(func() error {
		_, err := client.Post("https://hooks.example.com", "application/json", nil)
		return err
	})
	done := make(chan struct{})
	go func() {
		os.WriteFile("/tmp/last", []byte(r.URL.Path), 0o600)
		close(done)
	}()
	<-done
	go count()
	w.WriteHeader(http.StatusOK)
}

var (
	mu   sync.Mutex
	hits int
)

func count() {
	mu.Lock()
	hits++
	mu.Unlock()
}

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(handle)}
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
	if err := srv.Shutdown(ctx); err != nil {
		log.Print(err)
	}
	tasks.Wait()
	hooks.Wait()
}
