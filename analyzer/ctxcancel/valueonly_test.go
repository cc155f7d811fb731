package ctxcancel

import (
	"go/types"
	"os"
	"os/exec"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/iocalls"
)

// depsDir is a module that requires the real loggers and tracers of the
// value-only table (make deps downloads them).
const depsDir = "../../testdata/ctxcancel-deps"

// TestValueOnlyModules runs the rule on goroutines that log and trace
// with the request's context through the real modules (not reported),
// beside a real dependency that observes it (semaphore.Acquire, reported).
func TestValueOnlyModules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	analysistest.Run(t, depsDir, Rule.Analyzer(), "./app")
}

// TestValueOnlyTable checks the table against the real packages: each
// exists and has exported functions or methods that take a context (else
// the entry is dead), and zap, left out, has none.
func TestValueOnlyTable(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const zap = "go.uber.org/zap"
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: depsDir, Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")}
	pkgs, err := packages.Load(cfg, append(iocalls.BuiltinValueOnly, zap)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Errorf("%s: %v", p.PkgPath, p.Errors)
			continue
		}
		n := takesContext(p.Types)
		switch {
		case p.PkgPath == zap && n > 0:
			t.Errorf("%s now has %d functions that take a context: list it in iocalls.BuiltinValueOnly if they only read values", zap, n)
		case p.PkgPath != zap && n == 0:
			t.Errorf("%s has no exported function or method that takes a context: a dead entry", p.PkgPath)
		}
	}
}

// takesContext counts the exported functions and methods of pkg with a
// context.Context parameter.
func takesContext(pkg *types.Package) int {
	n := 0
	check := func(sig *types.Signature) {
		for v := range sig.Params().Variables() {
			if isContextContext(v.Type()) {
				n++
				return
			}
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() {
				check(obj.Type().(*types.Signature))
			}
		case *types.TypeName:
			if !obj.Exported() {
				continue
			}
			for _, t := range []types.Type{obj.Type(), types.NewPointer(obj.Type())} {
				ms := types.NewMethodSet(t)
				for i := 0; i < ms.Len(); i++ {
					if m := ms.At(i).Obj(); m.Exported() && m.Pkg() == pkg {
						check(m.Type().(*types.Signature))
					}
				}
			}
		}
	}
	return n
}
