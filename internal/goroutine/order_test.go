package goroutine

import (
	"go/ast"
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// TestBefore: the calls of u inside the goroutine's literal are the
// nodes asked about. want says whether they all run before F returns.
func TestBefore(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       bool
	}{
		{"used before the handshake", `ready := make(chan error)
	go func() { err := u(); ready <- err; serve() }()
	<-ready`, true},
		{"used after the send", `ready := make(chan error)
	go func() { ready <- nil; u() }()
	<-ready`, false},
		{"used before and after", `ready := make(chan error)
	go func() { u(); ready <- nil; u() }()
	<-ready`, false},
		{"the value sent is evaluated before the send", `ready := make(chan error)
	go func() { ready <- u(); serve() }()
	<-ready`, true},
		{"close as the signal", `ready := make(chan struct{})
	go func() { u(); close(ready); serve() }()
	<-ready`, true},
		{"used in a loop that sends", `ready := make(chan error)
	go func() { for { u(); ready <- nil } }()
	<-ready`, false},
		{"receive on one path only", `ready := make(chan error)
	go func() { u(); ready <- nil; serve() }()
	if x { return }
	<-ready`, false},
		{"receive in a select with another case", `ready := make(chan error)
	go func() { u(); ready <- nil; serve() }()
	select { case <-ready: case <-done: }`, false},
		{"receive in every case of a select", `ready := make(chan error)
	failed := make(chan error)
	go func() { if e := u(); e != nil { failed <- e; return }; ready <- nil; serve() }()
	select { case <-ready: case <-failed: }`, false},
		{"launched in a loop", `ready := make(chan error)
	for range 3 { go func() { u(); ready <- nil; serve() }() }
	<-ready`, false},
		{"someone else sends too", `ready := make(chan error, 1)
	go func() { u(); ready <- nil; serve() }()
	ready <- nil
	<-ready`, false},
		{"the channel is handed on", `ready := make(chan error)
	go func() { u(); ready <- nil; serve() }()
	pass(ready)
	<-ready`, false},
		{"another literal could send", `ready := make(chan error)
	go func() { u(); ready <- nil; serve() }()
	go func() { ready <- nil }()
	<-ready`, false},
		{"used in a deferred call", `ready := make(chan error)
	go func() { defer u(); ready <- nil; serve() }()
	<-ready`, false},
		{"used in a nested goroutine", `ready := make(chan error)
	go func() { go u(); ready <- nil; serve() }()
	<-ready`, false},
		{"a range waits for the close", `res := make(chan error)
	go func() { u(); res <- nil; u(); close(res); serve() }()
	for range res {}`, true},
		{"a range left by a break waits for a send only", `res := make(chan error)
	go func() { u(); res <- nil; u(); close(res) }()
	for range res { break }`, false},
		{"a buffered channel orders the same", `ready := make(chan error, 1)
	go func() { u(); ready <- nil; serve() }()
	<-ready`, true},
		{"a send in a select case signals when taken", `ready := make(chan error)
	go func() { select { case ready <- u(): serve(); case <-done: u() } }()
	<-ready`, true},
		{"no wait at all", `go func() { u() }()`, false},
		{"joined by a WaitGroup", `var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); u() }()
	wg.Wait()`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := srctest.Src("sync", `var x bool
var done chan int
var _ sync.Mutex
func u() error { return nil }
func serve() {}
func pass(chan error) {}
func F() {
	`+tc.body+`
}
`)
			tp := load(t, src, Config{})
			var first *Launch
			for _, l := range tp.model.Launches() {
				if d, ok := l.Encl.(*ast.FuncDecl); ok && d.Name.Name == "F" {
					first = l
					break
				}
			}
			if first == nil || first.Lit == nil {
				t.Fatal("no literal launched in F")
			}
			var nodes []ast.Node
			ast.Inspect(first.Lit.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if fn, ok := tp.pass.TypesInfo.Uses[identOf(call.Fun)].(*types.Func); ok && fn.Name() == "u" {
						nodes = append(nodes, call)
					}
				}
				return true
			})
			if len(nodes) == 0 {
				t.Fatal("no call of u in the literal")
			}
			if got := tp.model.Before(first, nodes); got != tc.want {
				t.Errorf("Before = %v, want %v", got, tc.want)
			}
		})
	}
}
