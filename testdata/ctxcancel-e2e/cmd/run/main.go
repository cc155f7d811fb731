// Command run serves package reported and package fixed on a real gin
// engine on loopback, posts one order to each, and prints how each
// goroutine's work ended, one line per goroutine:
//
//	reported: context canceled
//	fixed: ok
//
// The webhook is an httptest server and the database a database/sql
// driver registered here; both take 200ms, so the handler has returned
// (and net/http has cancelled its request's context) while the work is in
// flight.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/gin-gonic/gin"

	"example.com/ctxcancele2e/fixed"
	"example.com/ctxcancele2e/reported"
)

const work = 200 * time.Millisecond

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "run:", err)
		os.Exit(1)
	}
}

func run() error {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(work):
			w.WriteHeader(http.StatusNoContent)
		case <-r.Context().Done():
		}
	}))
	defer hook.Close()
	sql.Register("slowdb", slowDriver{})
	db, err := sql.Open("slowdb", "")
	if err != nil {
		return err
	}
	defer db.Close()

	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	results := map[string]chan error{"reported": make(chan error, 2), "fixed": make(chan error, 2)}
	reported.Register(engine.Group("/reported"), db, hook.URL, results["reported"])
	fixed.Register(engine.Group("/fixed"), db, hook.URL, results["fixed"])
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: engine}
	go srv.Serve(ln)
	defer srv.Close()

	for _, name := range []string{"reported", "fixed"} {
		resp, err := http.Post("http://"+ln.Addr().String()+"/"+name+"/orders", "", nil)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			return fmt.Errorf("%s: status %d", name, resp.StatusCode)
		}
		for range 2 {
			select {
			case err := <-results[name]:
				outcome := "ok"
				if err != nil {
					outcome = err.Error()
				}
				fmt.Printf("%s: %s\n", name, outcome)
			case <-time.After(10 * time.Second):
				return fmt.Errorf("%s: a goroutine did not finish", name)
			}
		}
	}
	return nil
}

// slowDriver executes every statement in 200ms, or fails with the
// context's error if it is cancelled first, as real drivers do.
type slowDriver struct{}

func (slowDriver) Open(string) (driver.Conn, error) { return conn{}, nil }

type conn struct{}

func (conn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("not supported") }
func (conn) Close() error                        { return nil }
func (conn) Begin() (driver.Tx, error)           { return nil, errors.New("not supported") }

func (conn) ExecContext(ctx context.Context, _ string, _ []driver.NamedValue) (driver.Result, error) {
	select {
	case <-time.After(work):
		return driver.RowsAffected(1), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
