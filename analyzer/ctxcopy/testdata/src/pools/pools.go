// Package pools: goroutines started through the well-known pools and
// groups, and through the project's own wrappers (LauncherFact), each
// beside its look-alike that waits before the handler returns.
package pools

import (
	"log"
	"sync"

	"github.com/alitto/pond"
	pond2 "github.com/alitto/pond/v2"
	"github.com/gammazero/workerpool"
	"github.com/gin-gonic/gin"
	ants "github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"
	"github.com/sourcegraph/conc/stream"
)

func Ants(c *gin.Context, p *ants.Pool, mp *ants.MultiPool) { // want Ants:`copysafe\[0\]`
	_ = p.Submit(func() { log.Println(c.Param("id")) })    // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	_ = mp.Submit(func() { log.Println(c.Param("id")) })   // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	_ = ants.Submit(func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	cp := c.Copy()
	_ = p.Submit(func() { log.Println(cp.Param("id")) })
}

func Conc(c *gin.Context) {
	var wg conc.WaitGroup
	wg.Go(func() { log.Println(c.Param("id")) })
	wg.Wait() // joined before the handler returns

	p := pool.New().WithMaxGoroutines(4)
	p.Go(func() { log.Println(c.Param("id")) })
	p.Wait()

	leak := pool.New()
	leak.Go(func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`

	s := stream.New()
	s.Go(func() stream.Callback {
		id := c.Param("id")
		return func() { log.Println(id) }
	})
	s.Wait()
}

func PondV1(c *gin.Context, p *pond.WorkerPool) { // want PondV1:`copysafe\[0\]`
	p.Submit(func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	p.SubmitAndWait(func() { log.Println(c.Param("id")) })

	g := p.Group()
	g.Submit(func() { log.Println(c.Param("id")) })
	g.Wait()
}

func PondV2(c *gin.Context, p pond2.Pool) { // want PondV2:`copysafe\[0\]`
	p.Go(func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`

	g := p.NewGroup()
	g.Submit(
		func() { log.Println(c.Param("id")) },
		func() { log.Println(c.FullPath()) },
	)
	_ = g.Wait()

	leak := p.NewGroup()
	leak.Submit(
		func() {},
		func() { log.Println(c.FullPath()) }, // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	)
}

func WorkerPool(c *gin.Context, wp *workerpool.WorkerPool) { // want WorkerPool:`copysafe\[0\]`
	wp.Submit(func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	wp.SubmitWait(func() { log.Println(c.Param("id")) })
}

// SafeGo is the project's own "safe go": it recovers, and does not wait.
func SafeGo(f func()) { // want SafeGo:`go\(runs param 0 recovered\)`
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		f()
	}()
}

// Async hands its job to a pool: a wrapper of a launcher.
func Async(p *ants.Pool, job func()) { // want Async:`go\(runs param 1 recovered\)`
	_ = p.Submit(job)
}

// All runs every function on a goroutine and waits for them: joined.
func All(fs ...func()) { // want All:`go\(runs param 0 joined\)`
	var wg sync.WaitGroup
	for i := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs[i]()
		}()
	}
	wg.Wait()
}

func Wrappers(c *gin.Context, p *ants.Pool) { // want Wrappers:`copysafe\[0\]`
	SafeGo(func() { log.Println(c.Param("id")) })   // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	Async(p, func() { log.Println(c.Param("id")) }) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	All(func() { log.Println(c.Param("id")) }, func() { log.Println(c.FullPath()) })
}
