package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"net/smtp"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

type app struct {
	tasks sync.WaitGroup
}

// Two goroutines doing durable work that nothing waits for (the e-mail,
// the audit row); beside them, the look-alikes that are drained: joined
// before the handler returns, logging only, counted on a.tasks, which
// main waits for after Shutdown.
func (a *app) signup(c *gin.Context) {
	email := c.PostForm("email")
	go sendWelcome(email)
	go func() {
		db.Exec("INSERT INTO audit (what) VALUES ('signup')")
	}()
	go log.Printf("signup %s", email)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		os.WriteFile("/tmp/signup", []byte(email), 0o600)
	}()
	wg.Wait()
	a.tasks.Add(1)
	go func() {
		defer a.tasks.Done()
		db.Exec("UPDATE stats SET signups = signups + 1")
	}()
	c.Status(http.StatusOK)
}

func sendWelcome(to string) {
	smtp.SendMail("mail:25", nil, "hello@example.com", []string{to}, []byte("welcome"))
}

func main() {
	a := &app{}
	r := gin.New()
	r.POST("/signup", a.signup)
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
	if err := srv.Shutdown(ctx); err != nil { // want `shutdown: srv.Shutdown waits for the requests in flight, not for 2 goroutines that request handlers start doing durable work \(sends e-mail at main.go:30; writes to a database at main.go:31\): main returns once it does, .* count each goroutine on a sync.WaitGroup that main waits for after srv.Shutdown, with a deadline`
		log.Print(err)
	}
	a.tasks.Wait()
}
