package frameworks

import (
	"go/types"
	"sync"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/apis"
	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// The packages every table of this file names, as the testdata modules
// have them (make deps): the checks below must not pass by finding
// nothing, so these must load.
var needReal = []string{
	"net/http", "mime/multipart", ginPath, echoPath, fiberPath, fiber3,
	"github.com/cloudwego/hertz/pkg/app", hertzRoute, hertzServer,
	"github.com/valyala/fasthttp",
}

// realMods holds the packages loadReal loaded, once for every test.
var realMods struct {
	once sync.Once
	pkgs map[string]*types.Package
}

func loadReal(t *testing.T) map[string]*types.Package {
	realMods.once.Do(func() { realMods.pkgs = load(t) })
	if realMods.pkgs == nil {
		t.Skip("the real modules did not load")
	}
	return realMods.pkgs
}

func load(t *testing.T) map[string]*types.Package {
	paths := append(append([]string{}, ServerPackages...), SidePackages...)
	for _, x := range Builtin() {
		paths = append(paths, x.PkgPath)
	}
	for _, x := range Servers() {
		paths = append(paths, x.PkgPath)
	}
	for _, x := range RequestTypes {
		paths = append(paths, x.PkgPath)
	}
	return srctest.RealPackages(t, paths, needReal...)
}

// member returns what (recv).name is in pkg: a method, a field, or nil.
func member(pkg *types.Package, recv, name string) types.Object {
	return apis.Resolve(pkg, apis.F(pkg.Path(), recv, name))
}

// Every pooled type is a type of its real package, an interface exactly
// when the entry says so; its copy method, the writers a copy must not
// call, its safe fields and its retaining methods all exist.
func TestBuiltinReal(t *testing.T) {
	pkgs := loadReal(t)
	for _, x := range Builtin() {
		pkg := pkgs[x.PkgPath]
		if pkg == nil {
			continue
		}
		tn, ok := pkg.Scope().Lookup(x.Name).(*types.TypeName)
		if !ok {
			t.Errorf("%s: no type %s in %s", x, x.Name, x.PkgPath)
			continue
		}
		if types.IsInterface(tn.Type()) != x.Interface {
			t.Errorf("%s: Interface is %v", x, x.Interface)
		}
		check := func(what, name string, method, field bool) {
			obj := member(pkg, x.Name, name)
			_, isFunc := obj.(*types.Func)
			v, isVar := obj.(*types.Var)
			if !(method && isFunc) && !(field && isVar && v.IsField()) {
				t.Errorf("%s: %s %s is %v", x, what, name, obj)
			}
		}
		if x.Copy != "" {
			check("Copy", x.Copy, true, false)
		}
		for _, n := range x.CopyCannotWrite {
			check("CopyCannotWrite", n, true, true)
		}
		for _, n := range x.SafeFields {
			check("SafeFields", n, false, true)
		}
		for _, n := range x.Retaining {
			check("Retaining", n, true, false)
		}
	}
}

// Every server API is a function or method of its real package, declared
// by the entry's type; a stop that takes its deadline takes a context
// first, one with NoDeadline takes nothing.
func TestServersReal(t *testing.T) {
	pkgs := loadReal(t)
	for _, x := range Servers() {
		pkg := pkgs[x.PkgPath]
		if pkg == nil {
			continue
		}
		fn, ok := apis.Resolve(pkg, x.Func).(*types.Func)
		if !ok {
			t.Errorf("Servers: %v names no function or method", x.Func)
			continue
		}
		if k, _ := apis.Of(fn); k != x.Func {
			t.Errorf("Servers: %v is declared as %v", x.Func, k)
		}
		params := fn.Type().(*types.Signature).Params()
		if x.DeadlineArg && (params.Len() == 0 || !isContext(params.At(0).Type())) {
			t.Errorf("Servers: %v takes no context first", x.Func)
		}
		if x.NoDeadline && params.Len() != 0 {
			t.Errorf("Servers: %v takes arguments", x.Func)
		}
		if (x.Role == Stops) != (x.Graceful || x.Name == "Close") {
			t.Errorf("Servers: %v: a stop is graceful or a Close", x.Func)
		}
	}
	for _, f := range ServerFields {
		if pkg := pkgs[f.PkgPath]; pkg != nil {
			if v, ok := apis.Resolve(pkg, f).(*types.Var); !ok || !v.IsField() || !IsServerField(v) {
				t.Errorf("ServerFields: %v is no field, or not matched", f)
			}
		}
	}
	// fiber v3's ListenConfig has the graceful context field.
	if pkg := pkgs[fiber3]; pkg != nil {
		if v, ok := member(pkg, "ListenConfig", "GracefulContext").(*types.Var); !ok || !v.IsField() {
			t.Errorf("fiber v3's ListenConfig has no field GracefulContext")
		}
	}
}

// Every request-carrying type exists, is an interface exactly when the
// entry says so, and has the field, method and copy method the entry
// names; the fallback field is a field of its package; the upload calls
// are methods of their real types.
func TestRequestTypesReal(t *testing.T) {
	pkgs := loadReal(t)
	for _, x := range RequestTypes {
		pkg := pkgs[x.PkgPath]
		if pkg == nil {
			continue
		}
		tn, ok := pkg.Scope().Lookup(x.Name).(*types.TypeName)
		if !ok || types.IsInterface(tn.Type()) != x.Interface {
			t.Errorf("RequestTypes: %s: no such type, or Interface is wrong", x)
			continue
		}
		if x.Field != "" {
			if v, ok := member(pkg, x.Name, x.Field).(*types.Var); !ok || !v.IsField() || !isRequest(v.Type()) {
				t.Errorf("RequestTypes: %s: %s is no *http.Request field", x, x.Field)
			}
		}
		if x.Method != "" {
			if fn, ok := member(pkg, x.Name, x.Method).(*types.Func); !ok || fn.Type().(*types.Signature).Results().Len() != 1 || !isRequest(fn.Type().(*types.Signature).Results().At(0).Type()) {
				t.Errorf("RequestTypes: %s: %s returns no *http.Request", x, x.Method)
			}
		}
		if x.Copy != "" {
			if _, ok := member(pkg, x.Name, x.Copy).(*types.Func); !ok {
				t.Errorf("RequestTypes: %s: no method %s", x, x.Copy)
			}
		}
		if x.Fallback != "" {
			found := false
			for _, name := range pkg.Scope().Names() {
				if tn, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok {
					if v, ok := member(pkg, tn.Name(), x.Fallback).(*types.Var); ok && v.IsField() && IsFallbackField(v) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("RequestTypes: %s: no type of %s has a field %s", x, x.PkgPath, x.Fallback)
			}
		}
	}
	for _, f := range Uploads() {
		fn, ok := apis.Resolve(pkgs[f.PkgPath], f).(*types.Func)
		if !ok || UploadOf(fn) == NoUpload {
			t.Errorf("uploads: %v names no method, or is not matched", f)
		}
	}
}

// Every package that can start a server, or serves a side endpoint, is
// real (where the testdata modules have it).
func TestPackagesReal(t *testing.T) {
	pkgs := loadReal(t)
	for _, p := range ServerPackages {
		if pkgs[p] == nil {
			t.Errorf("ServerPackages: %s not loaded", p)
		}
	}
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func isRequest(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Request"
}
