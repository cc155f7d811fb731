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
