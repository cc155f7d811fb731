// Package pools: a pool whose workers do not recover (workerpool) starts
// goroutines whose panic kills the server; pools that recover (ants, pond)
// or re-raise the panic in Wait (conc) do not.
package pools

import (
	"github.com/alitto/pond"
	pond2 "github.com/alitto/pond/v2"
	"github.com/gammazero/workerpool"
	"github.com/gin-gonic/gin"
	ants "github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc"
	"os"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

func Handler(c *gin.Context, wp *workerpool.WorkerPool, ap *ants.Pool, pp *pond.WorkerPool, p2 pond2.Pool) {
	wp.Submit(func() { work() })     // want `gorecover: a panic in this goroutine kills the whole server`
	wp.SubmitWait(func() { work() }) // want `gorecover: a panic in this goroutine kills the whole server`
	_ = ap.Submit(func() { work() })
	pp.Submit(func() { work() })
	_ = p2.Go(func() { work() })
	var wg conc.WaitGroup
	wg.Go(func() { work() })
	wg.Wait()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
