package flow

import (
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// TestAPIs checks the knowledge table against the real modules: every
// entry of the standard library, and of gin (the real module the e2e
// testdata/apis module requires: make deps downloads them), names a function or
// a method of the type it says, declared on it (not promoted: the table
// keys a method by the type that declares it). testdata/apis requires the
// frameworks' real modules (gin, echo v4, fiber v2, hertz,
// fasthttp), which make deps downloads; the rest (fiber v3, whose dependency the proxy refuses, echo v3, queue clients,
// x/image, imaging) are logged as unchecked.
func TestAPIs(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library and gin from source")
	}
	dir, err := filepath.Abs("../../testdata/apis")
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for k := range apis {
		paths[k.Pkg] = true
	}
	for k := range sourceTypes {
		paths[k[0]] = true
	}
	var patterns []string
	for p := range paths {
		patterns = append(patterns, p)
	}
	sort.Strings(patterns)
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	loaded := map[string]*types.Package{}
	for _, p := range pkgs {
		if len(p.Errors) == 0 && p.Types != nil {
			loaded[p.PkgPath] = p.Types
		}
	}
	for _, p := range []string{"net/http", "github.com/gin-gonic/gin", "github.com/labstack/echo/v4", "github.com/gofiber/fiber/v2", "github.com/cloudwego/hertz/pkg/app", "github.com/valyala/fasthttp"} {
		if loaded[p] == nil {
			t.Fatalf("%s did not load from %s (run make deps)", p, dir)
		}
	}
	var unchecked []string
	for k := range apis {
		pkg := loaded[k.Pkg]
		if pkg == nil {
			unchecked = append(unchecked, k.Pkg+"."+k.Recv+"."+k.Name)
			continue
		}
		if !resolves(pkg, k) {
			t.Errorf("%s: no such function or method in %s", k.Pkg+" "+k.Recv+"."+k.Name, pkg.Path())
		}
	}
	for k := range sourceTypes {
		if pkg := loaded[k[0]]; pkg != nil {
			if _, ok := pkg.Scope().Lookup(k[1]).(*types.TypeName); !ok {
				t.Errorf("source type %s.%s: no such type", k[0], k[1])
			}
		}
	}
	sort.Strings(unchecked)
	t.Logf("%d entries checked; %d in modules not downloaded here", len(apis)-len(unchecked), len(unchecked))
}

// resolves reports whether k names a function of pkg, or a method of one
// of its named types.
func resolves(pkg *types.Package, k astx.FuncKey) bool {
	if k.Recv == "" {
		_, ok := pkg.Scope().Lookup(k.Name).(*types.Func)
		return ok
	}
	tn, ok := pkg.Scope().Lookup(k.Recv).(*types.TypeName)
	if !ok {
		return false
	}
	t := tn.Type()
	if !types.IsInterface(t) {
		t = types.NewPointer(t)
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, pkg, k.Name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	n := astx.NamedOf(fn.Signature().Recv().Type())
	return n != nil && n.Obj().Name() == k.Recv
}
