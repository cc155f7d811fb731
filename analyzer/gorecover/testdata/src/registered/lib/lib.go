// Package lib is a server library: it runs the handlers its users
// register on goroutines it starts while serving (issue 24: caller-
// supplied callbacks). A panic in a user's handler there is not caught
// by net/http: it ends the server.
package lib

import "net/http"

type ToolHandler func(args map[string]any) string

type Server struct {
	tools  map[string]ToolHandler
	hooks  []func(string)
	onDone func()
	own    func()
}

func NewServer() *Server {
	s := &Server{tools: map[string]ToolHandler{}}
	s.own = s.cleanup
	return s
}

func (s *Server) AddTool(name string, h ToolHandler) { s.tools[name] = h }
func (s *Server) AddHook(h func(string))             { s.hooks = append(s.hooks, h) }
func (s *Server) OnDone(f func())                    { s.onDone = f }

func (s *Server) cleanup() {}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("tool")
	go func() { // want `call of tools, a function the package's callers register \(a handler, hook or plugin: code it does not control\)`
		s.tools[name](nil)
	}()
	h := s.tools[name]
	go func() { // want `call of tools, a function the package's callers register`
		h(nil)
	}()
	go func() { // want `call of onDone, a function the package's callers register`
		s.onDone()
	}()
	go func() {
		defer func() { recover() }()
		s.tools[name](nil)
	}()
	go func() { s.own() }() // the package's own function
	// A recover covers its own goroutine only: one started inside the
	// recovering runner needs its own.
	go func() {
		defer func() { recover() }()
		s.tools[name](nil)
		go func() { // want `call of hooks, a function the package's callers register`
			for _, h := range s.hooks {
				h(name)
			}
		}()
	}()
}

// A Proxy runs the handler its caller registers on a goroutine of its
// own: for the package, code it does not control; for the caller, its
// own function (see package registered/app).
type Proxy struct{ handler func([]byte) }

func NewProxy(h func([]byte)) *Proxy { return &Proxy{handler: h} }

func (p *Proxy) Start(msg []byte) { go func() { p.handler(msg) }() }

func (p *Proxy) Run(msg []byte) { p.handler(msg) }
