package fanin

import (
	"sync"

	"github.com/gin-gonic/gin"
)

type result struct {
	body string
	err  error
}

func fetch(u string) result { return result{} }

// An abandoned fan-in: the handler returns on the first error, the range
// stops receiving, and every sender still to send blocks forever — and
// so does the closer, in wg.Wait.
func FirstError(c *gin.Context, urls []string) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u) // want `goexit: the goroutine blocks forever on results <- fetch\(u\): FirstError ranges over results, which is unbuffered, but returns out of the range at line 36 before every sender has sent, and then nothing receives from results again — give results a buffer for every send: make\(chan result, len\(urls\)\)`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if r.err != nil {
			c.JSON(500, r.err.Error())
			return
		}
	}
	c.JSON(200, nil)
}

// The look-alike: the range runs until the closer closes results.
func All(c *gin.Context, urls []string) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var firstErr error
	for r := range results {
		if r.err != nil && firstErr == nil {
			firstErr = r.err
		}
	}
	c.JSON(200, firstErr)
}

// The look-alike: a break out of the range, then a drain before returning.
func BreakThenDrain(c *gin.Context, urls []string) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if r.err != nil {
			break
		}
	}
	for range results {
	}
}

// A break with no drain after it is the same leak.
func BreakOnly(c *gin.Context, urls []string) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(u) // want `goexit: the goroutine blocks forever on results <- fetch\(u\): BreakOnly ranges over results, which is unbuffered, but breaks out of the range at line 107`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if r.err != nil {
			break
		}
	}
}

// A single goroutine that sends in a loop, abandoned on the first error.
func Stream(c *gin.Context, urls []string) {
	results := make(chan result)
	go func() {
		defer close(results)
		for _, u := range urls {
			results <- fetch(u) // want `goexit: the goroutine blocks forever on results <- fetch\(u\): Stream ranges over results`
		}
	}()
	for r := range results {
		if r.err != nil {
			return
		}
	}
}

// The look-alike: one send, which the range's first iteration takes.
func One(c *gin.Context, u string) {
	results := make(chan result)
	go func() {
		defer close(results)
		results <- fetch(u)
	}()
	for r := range results {
		if r.err != nil {
			return
		}
	}
}
