package goroutine

import (
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// Ignores: the parameters of a reference type a function's body never
// reads, so that a goroutine running it does not hold what is passed
// there.
func TestIgnores(t *testing.T) {
	tp := load(t, srctest.Src("context strings", `
type T struct{}
func connect(ctx context.Context, addr string, t *T, n int) { _ = addr }
func uses(ctx context.Context, t *T) { _ = ctx; go func() { _ = t }() }
func each(ctx context.Context, fs ...any) {}
func gen[X any](ctx context.Context, x X) {}
type Box[X any] struct{}
func (Box[X]) run(ctx context.Context) {}
var _ = strings.NewReader
`), Config{})
	scope := tp.pass.Pkg.Scope()
	fn := func(name string) *types.Func { return scope.Lookup(name).(*types.Func) }
	var reader *types.Func
	for _, imp := range tp.pass.Pkg.Imports() {
		if imp.Path() == "strings" {
			reader = imp.Scope().Lookup("NewReader").(*types.Func)
		}
	}
	inst, err := types.Instantiate(nil, scope.Lookup("Box").Type(), []types.Type{types.Typ[types.Int]}, true)
	if err != nil {
		t.Fatal(err)
	}
	run, _, _ := types.LookupFieldOrMethod(inst, false, tp.pass.Pkg, "run")
	for _, tc := range []struct {
		name string
		fn   *types.Func
		i    int
		want bool
	}{
		{"unread interface", fn("connect"), 0, true},
		{"read string: not a reference type anyway", fn("connect"), 1, false},
		{"unread pointer", fn("connect"), 2, true},
		{"unread int: not a reference type", fn("connect"), 3, false},
		{"read", fn("uses"), 0, false},
		{"read in a literal", fn("uses"), 1, false},
		{"the variadic parameter is never one (a slice)", fn("each"), 1, false},
		{"unread before a variadic one", fn("each"), 0, true},
		{"generic function", fn("gen"), 0, true},
		{"instance of a generic method", run.(*types.Func), 0, true},
		{"another package's function reads everything", reader, 0, false},
		{"nil", nil, 0, false},
	} {
		if got := tp.model.Ignores(tc.fn, tc.i); got != tc.want {
			t.Errorf("%s: Ignores(%d) = %v, want %v", tc.name, tc.i, got, tc.want)
		}
	}
}

// SendsOn: a parameter the function can only send on, or one its body
// sends on or closes, carries the function's results; one it receives
// from is a stop signal.
func TestSendsOn(t *testing.T) {
	tp := load(t, srctest.Src("os/signal", `
func sendOnly(out chan<- int)            {}
func sends(ch chan int)                  { ch <- 1 }
func closes(ch chan int)                 { defer close(ch) }
func later(ch chan int)                  { go func() { ch <- 1 }() }
func recvs(ch chan int)                  { <-ch }
func recvOnly(ch <-chan int)             {}
func other(ch, out chan int)             { out <- 1 }
func gen[T any](ch chan T, v T)          { ch <- v }
func notChan(n int)                      {}
func many(ch chan int, rest ...chan int) { ch <- 1 }
var _ = signal.Notify
`), Config{})
	scope := tp.pass.Pkg.Scope()
	fn := func(name string) *types.Func { return scope.Lookup(name).(*types.Func) }
	var notify *types.Func
	for _, imp := range tp.pass.Pkg.Imports() {
		if imp.Path() == "os/signal" {
			notify = imp.Scope().Lookup("Notify").(*types.Func)
		}
	}
	for _, tc := range []struct {
		name string
		fn   *types.Func
		i    int
		want bool
	}{
		{"send-only parameter", fn("sendOnly"), 0, true},
		{"a send in the body", fn("sends"), 0, true},
		{"a deferred close", fn("closes"), 0, true},
		{"a send in a goroutine it starts", fn("later"), 0, true},
		{"a receive only", fn("recvs"), 0, false},
		{"receive-only parameter", fn("recvOnly"), 0, false},
		{"another parameter is sent on", fn("other"), 0, false},
		{"...the one it is", fn("other"), 1, true},
		{"a generic function", fn("gen"), 0, true},
		{"not a channel", fn("notChan"), 0, false},
		{"the variadic slot", fn("many"), 1, false},
		{"out of range", fn("sends"), 3, false},
		{"another package's, send-only by its type", notify, 0, true},
	} {
		if got := tp.model.SendsOn(tc.fn, tc.i); got != tc.want {
			t.Errorf("%s: SendsOn(%s, %d) = %v, want %v", tc.name, tc.fn.Name(), tc.i, got, tc.want)
		}
	}
}
