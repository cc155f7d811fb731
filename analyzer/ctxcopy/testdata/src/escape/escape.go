// Package escape: contexts that leave the handler through data — sent on
// a channel a worker drains (route 1), stored where another goroutine
// reads them later (route 2) — beside the look-alikes that stay inside.
package escape

import (
	"context"
	"log"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var auditQueue = make(chan *gin.Context, 100)

type job struct {
	ctx context.Context
	id  string
}

type Server struct {
	jobs     chan job
	ctxs     chan context.Context
	mu       sync.Mutex
	pending  []*gin.Context
	sessions map[string]*gin.Context
	inflight sync.Map
	last     *gin.Context
}

func Send(c *gin.Context) {
	auditQueue <- c // want `ctxcopy: c \(\*gin.Context\) is sent on auditQueue, and whoever receives it can use it after the handler returns; .* — send c.Copy\(\) instead`
}

func (s *Server) SendJob(c *gin.Context) {
	s.jobs <- job{ctx: c, id: c.Param("id")} // want `ctxcopy: a job holding c \(\*gin.Context\) is sent on s.jobs, .* — put c.Copy\(\) in it instead`
}

func (s *Server) SendCtx(c *gin.Context) {
	ctx := context.WithValue(c, key{}, "v")
	s.ctxs <- ctx // want `ctxcopy: ctx holds c \(\*gin.Context\) since context.WithValue\(c, ...\) and is sent on s.ctxs`
}

type key struct{}

// Look-alikes: a copy, extracted values, the request's context, a channel
// made here, a channel the handler receives from before returning.
func (s *Server) SendCopy(c *gin.Context) {
	s.jobs <- job{ctx: c.Copy(), id: c.Param("id")}
	s.ctxs <- c.Request.Context()
	auditQueue <- c.Copy()
}

func Local(c *gin.Context) {
	results := make(chan *gin.Context, 1)
	results <- c
	<-results
}

func (s *Server) RoundTrip(c *gin.Context) {
	s.ctxs <- c
	<-s.ctxs
}

func (s *Server) Batch(c *gin.Context) {
	s.mu.Lock()
	s.pending = append(s.pending, c) // want `ctxcopy: c \(\*gin.Context\) is stored in s.pending, a field of the receiver s, where it outlives the handler; .* — store c.Copy\(\) instead`
	s.mu.Unlock()
}

func (s *Server) Session(c *gin.Context) {
	s.sessions[c.Param("id")] = c      // want `ctxcopy: c \(\*gin.Context\) is stored in s.sessions\[c.Param\("id"\)\], a field of the receiver s`
	s.inflight.Store(c.Param("id"), c) // want `ctxcopy: c \(\*gin.Context\) is stored in s.inflight, a field of the receiver s`
}

var current *gin.Context

var byID = map[string]echo.Context{}

func Global(c *gin.Context) {
	current = c // want `ctxcopy: c \(\*gin.Context\) is stored in current, a package variable`
}

func GlobalEcho(c echo.Context) error {
	byID[c.Param("id")] = c // want `ctxcopy: c \(echo.Context\) is stored in byID\[c.Param\("id"\)\], a package variable, where it outlives the handler; echo recycles .* extract the values`
	return nil
}

// Look-alikes: in-flight registries that remove the entry before the
// handler returns, a local that does not escape, a per-request controller
// (go-admin's MakeContext), a copy.
func (s *Server) Tracked(c *gin.Context) {
	s.sessions[c.Param("id")] = c
	defer delete(s.sessions, c.Param("id"))
	s.inflight.Store(c.Param("id"), c)
	defer s.inflight.Delete(c.Param("id"))
}

func (s *Server) Current(c *gin.Context) {
	s.mu.Lock()
	current = c
	s.mu.Unlock()
	defer func() { current = nil }()
}

func LocalStore(c *gin.Context) {
	var list []*gin.Context
	list = append(list, c)
	m := map[string]*gin.Context{}
	m["x"] = c
	log.Println(len(list), len(m))
}

type Controller struct{ ctx *gin.Context }

func (ctl *Controller) MakeContext(c *gin.Context) *Controller { // want MakeContext:`retains\[recv 0\]` // want MakeContext:`retains\[recv 0\]`
	ctl.ctx = c
	return ctl
}

func (s *Server) BatchCopy(c *gin.Context) {
	s.pending = append(s.pending, c.Copy())
	s.last = c.Copy()
}
