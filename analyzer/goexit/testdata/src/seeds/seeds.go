// Package seeds holds, rewritten, the goroutine-leak shapes of the seed
// articles users read (shared/seeds/003 and 004), each with the fix the
// article recommends beside it.
package seeds

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"
)

func syncData()       {}
func process(int) int { return 0 }
func fetch() string   { return "" }

// 003 §2.4: an endless for-select whose only case is a timer.
func startLeakySync() { // want startLeakySync:`goexit\(endless: for loop at seeds.go:\d+\)`
	for {
		select {
		case <-time.After(time.Second):
			syncData()
		}
	}
}

// ... started per request.
func SyncHandler(c *gin.Context) {
	go startLeakySync() // want `goexit: this goroutine never finishes: it runs seeds.startLeakySync, whose loop never ends`
	c.Status(202)
}

// 003 §2.4, the article's fix: a ticker and a stop channel.
func startSafeSync(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			syncData()
		case <-stop:
			return
		}
	}
}

func SafeSyncHandler(c *gin.Context) {
	stop := make(chan struct{})
	go startSafeSync(stop)
	defer close(stop)
	c.Status(200)
}

// 003 §2.3: a worker that returns when its context is done.
func worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func WorkerHandler(c *gin.Context) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	go func() {
		defer cancel()
		worker(ctx)
	}()
}

// 003 §1: a worker pool whose job channel is never closed.
func Pool(c *gin.Context) {
	jobs := make(chan int, 10)
	results := make(chan int, 10)
	for w := 1; w <= 3; w++ {
		go func() { // want `goexit: this goroutine never finishes: it ranges over jobs, which Pool never closes`
			for j := range jobs {
				results <- process(j)
			}
		}()
	}
	for j := 1; j <= 5; j++ {
		jobs <- j
	}
	for a := 1; a <= 5; a++ {
		<-results
	}
}

// 000 §4.2 (implied): an unbuffered result channel and a select with a
// timeout in the handler.
func Async(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	defer cancel()
	taskCh := make(chan string)
	go func() {
		taskCh <- fetch() // want `goexit: the goroutine blocks forever on taskCh <- fetch\(\): Async can return through the case <-ctx.Done\(\) without receiving from taskCh`
	}()
	select {
	case r := <-taskCh:
		c.String(200, r)
	case <-ctx.Done():
		c.Status(504)
	}
}

// 000 §4.3: a buffered done channel sized to the goroutines, then as many
// receives.
func Fanout(c *gin.Context) {
	done := make(chan bool, 3)
	for i := 0; i < 3; i++ {
		go func() { done <- true }()
	}
	for i := 0; i < 3; i++ {
		<-done
	}
}
