package ranges

import (
	"sync"

	"github.com/gin-gonic/gin"
)

func handle(int) {}

// Nobody closes jobs: the workers wait for more forever.
func Dispatch(n int) {
	jobs := make(chan int, n)
	for w := 0; w < 3; w++ {
		go func() { // want `goexit: this goroutine never finishes: it ranges over jobs, which Dispatch never closes and hands to no one else, so once the sends stop it waits for another value forever — close\(jobs\) after the last send`
			for j := range jobs {
				handle(j)
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
}

// Closed after the last send.
func DispatchClosed(n int) {
	jobs := make(chan int, n)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				handle(j)
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// Closed by the producer goroutine.
func ProducerCloses(n int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
}

// Handed to someone else, who may close it.
func Escapes(register func(chan<- int)) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	register(ch)
}

// A named worker ranging over its parameter.
func worker(jobs <-chan int) { // want worker:`goexit\(ranges \[0\]\)`
	for j := range jobs {
		handle(j)
	}
}

func Named(c *gin.Context) {
	jobs := make(chan int)
	go worker(jobs) // want `goexit: this goroutine never finishes: it runs ranges.worker, ranging over jobs, which Named never closes`
	jobs <- 1
}

// The function never returns: it keeps sending.
func Forever(next func() int) { // want Forever:`goexit\(endless: for loop at ranges.go:\d+\)`
	ch := make(chan int)
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	for {
		ch <- next()
	}
}

// The channel handed to the literal as an argument.
func AsArgument(n int) {
	jobs := make(chan int)
	go func(in <-chan int) { // want `goexit: this goroutine never finishes: it ranges over jobs, which AsArgument never closes`
		for j := range in {
			handle(j)
		}
	}(jobs)
	for i := 0; i < n; i++ {
		jobs <- i
	}
}

func validate(int) error { return nil }

// Closed on the success path only: the early return skips the close.
func ClosedOnSuccess(items []int) error {
	ch := make(chan int)
	go func() { // want `goexit: this goroutine never finishes: it ranges over ch, which ClosedOnSuccess closes on some paths only — it can return at line \d+ without closing ch, and then the range waits for another value forever — defer close\(ch\) where it is made`
		for v := range ch {
			handle(v)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		ch <- it
	}
	close(ch)
	return nil
}

// The look-alike: a deferred close runs on every path.
func DeferClosed(items []int) error {
	ch := make(chan int)
	defer close(ch)
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		ch <- it
	}
	return nil
}

// The look-alike: closed before each return.
func ClosedOnEveryPath(items []int) error {
	ch := make(chan int)
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			close(ch)
			return err
		}
		ch <- it
	}
	close(ch)
	return nil
}
