package apis

import (
	"go/types"
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// checkFunc reports (as a test error) an entry that names no function of
// its real package, or one declared elsewhere (a promoted method is
// named by the type that declares it: that is what Of gives).
func checkFunc(t *testing.T, table string, pkgs map[string]*types.Package, f Func) *types.Func {
	t.Helper()
	pkg := pkgs[f.PkgPath]
	if pkg == nil {
		return nil // not in the testdata modules: logged by RealPackages
	}
	fn, ok := Resolve(pkg, f).(*types.Func)
	if !ok {
		t.Errorf("%s: %v names no function or method of %s", table, f, f.PkgPath)
		return nil
	}
	if k, _ := Of(fn); k != f {
		t.Errorf("%s: %v is declared as %v", table, f, k)
	}
	return fn
}

func paths(fs []Func) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.PkgPath)
	}
	return out
}

// Every launcher is a function or method of the real module, of the kind
// the entry says (an interface's method for Interface), its receiver has
// the Wait method the entry names, and it takes a function argument.
func TestLaunchersReal(t *testing.T) {
	var fs []Func
	for _, l := range Launchers() {
		fs = append(fs, l.Func)
	}
	pkgs := srctest.RealPackages(t, paths(fs), "golang.org/x/sync/errgroup", "sync", "time", "context", "net/http", "runtime", "github.com/valyala/fasthttp")
	for _, l := range Launchers() {
		fn := checkFunc(t, "Launchers", pkgs, l.Func)
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if l.Recv != "" {
			if iface := types.IsInterface(sig.Recv().Type()); iface != l.Interface {
				t.Errorf("Launchers: %v: Interface is %v, the receiver is an interface: %v", l, l.Interface, iface)
			}
		}
		if l.Wait != "" {
			if _, ok := Resolve(pkgs[l.PkgPath], F(l.PkgPath, l.Recv, l.Wait)).(*types.Func); !ok {
				t.Errorf("Launchers: %v: its receiver has no method %s", l, l.Wait)
			}
		}
		// runtime.SetFinalizer takes its finalizer as an any.
		takesFunc := l.Func == F("runtime", "", "SetFinalizer")
		for v := range sig.Params().Variables() {
			u := v.Type()
			if s, ok := u.(*types.Slice); ok && sig.Variadic() {
				u = s.Elem()
			}
			if _, ok := u.Underlying().(*types.Signature); ok {
				takesFunc = true
			}
		}
		if !takesFunc {
			t.Errorf("Launchers: %v takes no function argument", l)
		}
	}
}

// Recoverers and retainers name real functions; a retainer returns a
// value (what keeps the context).
func TestRecoverersAndRetainersReal(t *testing.T) {
	pkgs := srctest.RealPackages(t, append(paths(Recoverers()), paths(Retainers())...), "net/http")
	for _, f := range Recoverers() {
		checkFunc(t, "Recoverers", pkgs, f)
	}
	for _, f := range Retainers() {
		if fn := checkFunc(t, "Retainers", pkgs, f); fn != nil && fn.Type().(*types.Signature).Results().Len() == 0 {
			t.Errorf("Retainers: %v returns nothing to keep a context in", f)
		}
	}
}

// Every fatal logger package has Fatal* or Panic* functions or methods
// (else the entry is dead), and EndsProcess says so of them.
func TestFatalLoggersReal(t *testing.T) {
	pkgs := srctest.RealPackages(t, FatalLoggers, "log", "github.com/sirupsen/logrus", "go.uber.org/zap", "github.com/labstack/echo/v4", "github.com/labstack/gommon/log", "github.com/cloudwego/hertz/pkg/common/hlog")
	for _, path := range FatalLoggers {
		pkg := pkgs[path]
		if pkg == nil {
			continue
		}
		n := 0
		each(pkg, func(fn *types.Func) {
			if strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic") {
				n++
				if !EndsProcess(fn) {
					t.Errorf("EndsProcess(%v) = false", fn)
				}
			}
		})
		if n == 0 {
			t.Errorf("FatalLoggers: %s has no Fatal* or Panic* function or method", path)
		}
	}
	if pkg := pkgs["log"]; pkg != nil {
		if fn, _ := pkg.Scope().Lookup("Println").(*types.Func); fn == nil || EndsProcess(fn) {
			t.Errorf("EndsProcess(log.Println) is true, or log has no Println")
		}
	}
}

// each calls f for every exported function of pkg and every method of
// its exported types.
func each(pkg *types.Package, f func(*types.Func)) {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			f(obj)
		case *types.TypeName:
			if !obj.Exported() {
				continue
			}
			ms := types.NewMethodSet(types.NewPointer(obj.Type()))
			if types.IsInterface(obj.Type()) {
				ms = types.NewMethodSet(obj.Type())
			}
			for sel := range ms.Methods() {
				f(sel.Obj().(*types.Func))
			}
		}
	}
}
