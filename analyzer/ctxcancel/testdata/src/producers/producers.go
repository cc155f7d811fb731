package producers // want package:"ctxcancel analysed"

// A goroutine that sends its results to the function
// that starts it through a function it calls (a send-only parameter, or
// a body that sends on the channel) feeds the launcher; a channel handed
// on receive-only, or to a function that only receives from it, is a stop
// signal.

import (
	"context"
	"database/sql"

	"github.com/gin-gonic/gin"
)

var db *sql.DB

// A producer started by a helper that returns its channel: the goroutine
// sends through a function it hands the channel to (a send-only
// parameter). The handler streams the results: not reported.
func ProducerLoop(c *gin.Context) {
	for s := range produce(c.Request.Context()) {
		c.String(200, s)
	}
}

func produce(ctx context.Context) <-chan string { // want produce:`ctxcancel observes 0 \(produceLoop at producers.go:\d+\)$`
	out := make(chan string)
	go func() {
		produceLoop(ctx, out)
	}()
	return out
}

func produceLoop(ctx context.Context, out chan<- string) { // want produceLoop:`ctxcancel observes 0 \(db.QueryContext at producers.go:\d+\)$`
	defer close(out)
	rows, _ := db.QueryContext(ctx, "SELECT")
	_ = rows
	out <- "row"
}

// The same through a function whose body closes the channel.
func ProducerBody(c *gin.Context) {
	ch := make(chan string)
	go func() {
		fill(c.Request.Context(), ch)
	}()
	for s := range ch {
		c.String(200, s)
	}
}

func fill(ctx context.Context, ch chan string) { // want fill:`ctxcancel observes 0 \(db.QueryContext at producers.go:\d+\)$`
	db.QueryContext(ctx, "SELECT")
	close(ch)
}

// The look-alikes: a channel the goroutine's function only receives from
// is the launcher's stop signal, not the goroutine's results.
func Watch(c *gin.Context) {
	stops = append(stops, startWatch(c.Request.Context())) // want `startWatch is called with c.Request.Context\(\) and hands it to a goroutine it does not wait for`
}

var stops []chan struct{}

func startWatch(ctx context.Context) chan struct{} { // want startWatch:`ctxcancel observes 0 \(watch at producers.go:\d+\) detaches 0 \(go statement at producers.go:\d+ calls watch\)`
	stop := make(chan struct{})
	go func() {
		watch(ctx, stop)
	}()
	return stop
}

func watch(ctx context.Context, stop chan struct{}) { // want watch:`ctxcancel observes 0 \(db.ExecContext at producers.go:\d+\)$`
	db.ExecContext(ctx, "UPDATE")
	<-stop
}

func WatchRecvOnly(c *gin.Context) {
	ctx := c.Request.Context()
	stop := make(chan struct{})
	go func() {
		watchRecv(ctx, stop) // want `watchRecv is called with ctx`
	}()
	stops = append(stops, stop)
}

func watchRecv(ctx context.Context, stop <-chan struct{}) { // want watchRecv:`ctxcancel observes 0 \(db.ExecContext at producers.go:\d+\)$`
	db.ExecContext(ctx, "UPDATE")
	<-stop
}
