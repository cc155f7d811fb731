package basic

import (
	"context"
	"log"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

func resize(b []byte) { // want resize:`panics\(param 0: panic in basic.resize at basic.go:18\)`
	for _, c := range b {
		if c == 0 {
			panic("NUL in image")
		}
	}
}

func Upload(c *gin.Context) {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server, with every request in flight: gin.Recovery only covers the request's own goroutine, and this one can panic \(basic.go:25: call of resize, which can panic: panic in basic.resize at basic.go:18\); defer a function that calls recover\(\) at the top of the goroutine`
		resize(raw())
	}()
}

func UploadRecovered(c *gin.Context) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("panic: %v", r)
			}
		}()
		resize(raw())
	}()
}

// A recover deferred in a branch still protects the goroutine from that
// point on; the rule asks whether there is one, not whether it is first.
func RecoveredLater(c *gin.Context) {
	go func() {
		if true {
			defer func() { recover() }()
		}
		resize(raw())
	}()
}

func handlePanic() { // want handlePanic:`go\(recovers\)`
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}

func HelperDeferred(c *gin.Context) {
	go func() {
		defer handlePanic()
		resize(raw())
	}()
}

func worker(b []byte) { // want worker:`recover\(guarded\)`
	defer handlePanic()
	resize(b)
}

func unguarded(b []byte) { resize(b) } // want unguarded:`panics\(param 0: panic in basic.resize at basic.go:18\)`

func NamedWorker(c *gin.Context) {
	go worker(raw())
	go unguarded(raw()) // want `gorecover: a panic in unguarded, run on a new goroutine, kills the whole server, with every request in flight: gin.Recovery only covers the request's own goroutine, and unguarded can panic on the data it is given \(panic in basic.resize at basic.go:18\); defer a function that calls recover\(\) at the top of unguarded`
}

// The literal only hands over to a guarded function: its panics are
// caught there.
func Delegating(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		worker(raw())
	}()
	wg.Wait()
}

// Waiting for the goroutine does not help: the panic happens on its
// goroutine, not the handler's.
func Joined(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		defer wg.Done()
		resize(raw())
	}()
	wg.Wait()
}

// errgroup does not propagate panics (x/sync/errgroup: "It is tempting to
// propagate panics from f()...").
func Group(c *gin.Context) error {
	var g errgroup.Group
	g.Go(func() error { // want `gorecover: a panic in this goroutine kills the whole server`
		resize(raw())
		return nil
	})
	g.Go(func() error {
		defer handlePanic()
		resize(raw())
		return nil
	})
	return g.Wait()
}

func Later(c *gin.Context) {
	time.AfterFunc(time.Second, func() { resize(raw()) }) // want `gorecover: a panic in this goroutine kills the whole server`
}

func Middleware() gin.HandlerFunc { // want Middleware:`starts\(go statement at \w+.go:\d+\)`
	// Setup code: runs once, before any request.
	go func() { resize(raw()) }()
	return func(c *gin.Context) {
		go func() { resize(raw()) }() // want `gorecover: a panic in this goroutine kills the whole server`
		c.Next()
	}
}

func Nested(c *gin.Context) {
	go func() {
		defer handlePanic()
		go func() { // want `gorecover: a panic in this goroutine kills the whole server`
			resize(raw())
		}()
	}()
}

func ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go func() { resize(raw()) }() // want `gorecover: a panic in this goroutine kills the whole server, with every request in flight: net/http's handler recovery only covers the request's own goroutine`
}

// Not a handler: goroutines at startup are the scope=all setting's.
func main() { // want main:`starts\(go statement at \w+.go:\d+\)`
	go func() { resize(raw()) }()
}

// Standard-library functions and unresolved function values are not
// judged.
func Std(c *gin.Context, f func()) { // want Std:`go\(runs param 1\)`
	go log.Println("x")
	go f()
}

type Service struct{}

func (s *Service) send(b []byte)     { resize(b) }                      // want send:`panics`
func (s *Service) sendSafe(b []byte) { defer handlePanic(); resize(b) } // want sendSafe:`recover\(guarded\)`
func (s *Service) Handle(c *gin.Context) {
	go s.send(raw()) // want `gorecover: a panic in send, run on a new goroutine`
	go s.sendSafe(raw())
}

// Watchers that only wait and cancel cannot panic: no recover needed.
func Watcher(c *gin.Context) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	go func() {
		<-ctx.Done()
		cancel()
	}()
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(time.Second):
		}
	}()
	// A send on a channel nobody closes cannot panic.
	go func() { done <- struct{}{} }()
	<-done
}

// Regression (apache/answer's installer): a delayed exit after the
// response cannot panic.
func ExitLater(c *gin.Context) {
	c.JSON(200, nil)
	go func() {
		time.Sleep(time.Second)
		log.Println("installed, restarting")
		os.Exit(0)
	}()
}

// Printing a value through a pointer may dereference nil, but so may
// every selector: not a reason of its own (-gorecover.strict reports it).
func PrintField(c *gin.Context) {
	go func() { log.Println(c.Request.URL) }()
}

// raw reads data the program does not control.
func raw() []byte {
	b, _ := os.ReadFile("upload")
	return b
}
