package goroutine

import (
	"go/ast"
	"slices"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

func TestRegisteredRead(t *testing.T) {
	const types_ = `
type Handler func(string)
type entry struct{ handler Handler; name string }
type Server struct {
	tools   map[string]Handler
	hooks   []Handler
	onDone  func()
	entries map[string]entry
	own     func()
	private map[string]Handler
}
type server struct{ tools map[string]Handler }
`
	for _, tc := range []struct {
		name, src string
		want      []string // the fields read by the calls of F, in order
	}{
		{"map of handlers", `func (s *Server) Add(n string, h Handler) { s.tools[n] = h }
			func F(s *Server) { s.tools["a"]("x") }`, []string{"tools"}},
		{"appended hooks", `func (s *Server) Hook(h Handler) { s.hooks = append(s.hooks, h) }
			func F(s *Server) { s.hooks[0]("x") }`, []string{"hooks"}},
		{"single callback", `func (s *Server) OnDone(f func()) { s.onDone = f }
			func F(s *Server) { s.onDone() }`, []string{"onDone"}},
		{"inside a struct", `func (s *Server) Register(n string, h Handler) { s.entries[n] = entry{handler: h, name: n} }
			func F(s *Server) { s.entries["a"].handler("x") }`, []string{"handler"}},
		{"the package's own function", `func New() *Server { s := &Server{}; s.own = s.cleanup; return s }
			func (s *Server) cleanup() {}
			func F(s *Server) { s.own() }`, []string{""}},
		{"an unexported method stores it", `func (s *Server) add(n string, h Handler) { s.private[n] = h }
			func F(s *Server) { s.private["a"]("x") }`, []string{""}},
		{"a method of an unexported type", `func (s *server) Add(n string, h Handler) { s.tools[n] = h }
			func F(s *server) { s.tools["a"]("x") }`, []string{""}},
		{"a parameter run at once is its caller's", `func Run(h Handler) { h("x") }
			func F(s *Server) { s.onDone() }`, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := load(t, srctest.Src("", types_+tc.src), Config{})
			var got []string
			info := tp.pass.TypesInfo
			for _, f := range tp.pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					fd, ok := n.(*ast.FuncDecl)
					if !ok || fd.Name.Name != "F" {
						return true
					}
					ast.Inspect(fd.Body, func(n ast.Node) bool {
						if call, ok := n.(*ast.CallExpr); ok {
							if _, isType := info.Types[call.Fun]; isType && info.Types[call.Fun].IsType() {
								return true
							}
							name := ""
							if f := tp.model.RegisteredRead(call.Fun); f != nil {
								name = f.Name()
							}
							got = append(got, name)
						}
						return true
					})
					return false
				})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("registered reads = %q, want %q", got, tc.want)
			}
		})
	}
}
