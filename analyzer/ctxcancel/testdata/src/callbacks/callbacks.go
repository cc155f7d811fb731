// Package callbacks is a server library that runs the handlers its users
// register on goroutines it starts (issue 24: caller-supplied callbacks).
package callbacks

import (
	"context"
	"net/http"
)

type ToolHandler func(ctx context.Context, args map[string]any) (string, error)

type Hook func(ctx context.Context, event string)

type entry struct{ handler ToolHandler }

type Server struct {
	tools   map[string]ToolHandler
	hooks   []Hook
	onDone  func(ctx context.Context)
	entries map[string]entry
	own     func(ctx context.Context)
}

func NewServer() *Server {
	s := &Server{tools: map[string]ToolHandler{}, entries: map[string]entry{}}
	s.own = s.cleanup // the package's own function
	return s
}

func (s *Server) AddTool(name string, h ToolHandler)  { s.tools[name] = h }
func (s *Server) AddHook(h Hook)                      { s.hooks = append(s.hooks, h) }
func (s *Server) OnDone(f func(ctx context.Context))  { s.onDone = f }
func (s *Server) Register(name string, h ToolHandler) { s.entries[name] = entry{handler: h} }

func (s *Server) cleanup(ctx context.Context) {}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.URL.Query().Get("tool")
	h, ok := s.tools[name]
	if !ok {
		return
	}
	go func() {
		h(ctx, nil) // want `ctxcancel: h is called with ctx \(from r.Context\(\)\) on a goroutine that can outlive the handler, and h is a function the package's callers supply \(code it does not control, which may do I/O with it\)`
	}()
	for _, hook := range s.hooks {
		go hook(ctx, "call") // want `hook is called with ctx \(from r.Context\(\)\) on a goroutine that can outlive the handler, and hook is a function the package's callers supply`
	}
	go s.onDone(ctx)                     // want `s.onDone is called with ctx`
	go s.entries[name].handler(ctx, nil) // want `s.entries\[name\].handler is called with ctx`

	// Look-alikes: the package's own function; a detached context; a
	// goroutine the handler waits for.
	go s.own(ctx)
	go h(context.WithoutCancel(ctx), nil)
	res := make(chan string, 1)
	go func() {
		out, _ := h(ctx, nil)
		res <- out
	}()
	w.Write([]byte(<-res))
}
