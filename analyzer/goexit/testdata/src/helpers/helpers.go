package helpers

import (
	"context"
	"sync"
	"time"

	"example.com/watch"
	"github.com/gin-gonic/gin"
)

type handler struct{ ticks int }

func (h *handler) poll() { // want poll:`goexit\(endless: for loop at helpers.go:\d+\)`
	for {
		time.Sleep(time.Second)
		h.ticks++
	}
}

// startPoller starts a poller that never ends.
func (h *handler) startPoller() { // want startPoller:`goexit\(starts endless: go statement at helpers.go:\d+\)`
	go h.poll()
}

// Each request starts one more poller through the helper.
func (h *handler) Get(c *gin.Context) {
	h.startPoller() // want `goexit: \(\*helpers.handler\).startPoller starts a goroutine that never finishes \(go statement at helpers.go:\d+, in \(\*helpers.handler\).startPoller: it runs \(\*helpers.handler\).poll, whose loop never ends \(for loop at helpers.go:\d+\)\), so every request that calls it leaves one more goroutine running`
	c.JSON(200, h.ticks)
}

// Through one more helper, in a handler literal, and across packages.
func (h *handler) refresh() { h.startPoller() } // want refresh:`goexit\(starts endless: go statement at helpers.go:\d+\)`

func Routes(r *gin.Engine, h *handler) {
	r.GET("/watch", func(c *gin.Context) {
		watch.Start(c.Param("id")) // want `goexit: watch.Start starts a goroutine that never finishes \(go statement at watch.go:\d+, in watch.Start: its for loop at watch.go:\d+ has no way out\)`
	})
}

// The look-alike: a helper reached only from a constructor starts a
// process-lifetime worker.
func New() *handler { // want New:`goexit\(starts endless: go statement at helpers.go:\d+\)`
	h := &handler{}
	h.startPoller()
	return h
}

// The look-alike: a helper whose goroutine ends with the request.
func (h *handler) watchUntil(ctx context.Context) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				h.ticks++
			}
		}
	}()
}

func (h *handler) Watch(c *gin.Context) {
	h.watchUntil(c.Request.Context())
}

// Reported once per goroutine: the second handler is in Related.
func (h *handler) Refresh(c *gin.Context) {
	h.refresh()
}

var pollOnce sync.Once

// The look-alike: started once per process, however many requests call
// the helper.
func (h *handler) ensurePoller() {
	pollOnce.Do(func() {
		go h.poll()
	})
}

func (h *handler) Ensure(c *gin.Context) {
	h.ensurePoller()
}

// The same in the handler itself.
func (h *handler) EnsureInline(c *gin.Context) {
	pollOnce.Do(func() {
		go h.poll()
	})
}

// The look-alike: a singleton's getter that builds the service, whose
// constructor starts the poller, once per process (crawlab's
// GetScheduleServiceV2 shape).
var (
	svc     *handler
	svcOnce sync.Once
)

func getService() *handler {
	svcOnce.Do(func() {
		svc = New()
	})
	return svc
}

func Singleton(c *gin.Context) {
	c.JSON(200, getService().ticks)
}

// The look-alike: a lazily built singleton (crawlab's
// GetTaskSchedulerServiceV2 shape): the constructor runs when the
// package variable is still nil, once per process.
var lazy *handler

func getLazy() *handler {
	if lazy != nil {
		return lazy
	}
	lazy = New()
	return lazy
}

func Lazy(c *gin.Context) {
	c.JSON(200, getLazy().ticks)
}
