package canpanic

import (
	"sync"

	"github.com/gin-gonic/gin"
)

// The fan-out idiom: one goroutine per element, each writing its own slot
// of a result slice made as long as the input. The index is the range key
// (passed as the literal's parameter, or captured: one variable per
// iteration since Go 1.22), so it is in range.
func FanOut(c *gin.Context, xs []string, n int) {
	results := make([]int, len(xs))
	var wg sync.WaitGroup
	for i := range xs {
		wg.Add(1)
		go func(idx int, s string) {
			defer wg.Done()
			results[idx] = len(xs[idx]) + len(s)
		}(i, xs[i])
	}
	for i := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] += len(xs[i])
		}()
	}
	counts := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i]++
		}()
	}
	wg.Wait()
	c.JSON(200, results)
}

// Look-alikes that can go out of range: a slice of another length, and a
// slice made once and then replaced.
func FanOutWrong(c *gin.Context, xs []string) {
	short := make([]int, 3)
	var wg sync.WaitGroup
	for i := range xs {
		wg.Add(1)
		go func(i int) { // want `index with a computed index`
			defer wg.Done()
			short[i] = len(xs[i])
		}(i)
	}
	out := make([]int, len(xs))
	out = out[:1]
	for i := range xs {
		wg.Add(1)
		go func() { // want `index with a computed index`
			defer wg.Done()
			out[i] = 1
		}()
	}
	wg.Wait()
}

// A package variable holding a named function, replaced only by tests (a
// seam): what the function does.
var probe = probeSafe

var probeRisky = probeIndex

func probeSafe(s string) int { return len(s) }

func probeIndex(xs []string, i int) string { return xs[i] } // want probeIndex:`panics\(index with a computed index in canpanic.probeIndex at fanout.go:\d+\)`

func Probe(c *gin.Context, xs []string, i int) {
	go func() {
		println(probe(c.Query("q")))
	}()
	go func() { // want `call of probeIndex, which can panic: index with a computed index in canpanic.probeIndex`
		println(probeRisky(xs, i))
	}()
}
