// Package apis is what ginctxlint knows about the APIs of the standard
// library and of dependencies, keyed by object identity: a function or
// method is named by its package path, its receiver's type name and its
// name (a Func), never by how the user's file spells it nor by a
// substring of its name. It holds the one spec type of every
// user-extensible list of functions (-launchers, -ctxcopy.retainers,
// -ctxcancel.value-only, -gorecover.recoverers, ...), parsed by Parse,
// and the built-in tables the model and the rules read: goroutine
// launchers, recoverers, retainers, calls that read a request's uploaded
// data, loggers that end the process, and the state types of mocking
// libraries that make a type a test double. What web frameworks serve and
// pool is in package frameworks, keyed the same way.
//
// Every table is checked against the real modules where the testdata
// modules have them (table_test.go).
package apis

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// A Func is the identity of a function or method: its package path, its
// receiver's type name ("" for a package-level function) and its name.
// A method is named by the type that declares it (a method promoted
// from an embedded field is the embedded type's), with a pointer
// receiver or not.
type Func struct {
	PkgPath string
	Recv    string // receiver type name, "" for a package-level function
	Name    string
}

// F returns the Func pkg.name, or the method (recv).name if recv is not
// "": the tables' shorthand.
func F(pkg, recv, name string) Func { return Func{PkgPath: pkg, Recv: recv, Name: name} }

// Of returns the identity of fn (of its generic origin); not ok for a
// function without a package, or a method whose receiver is not a named
// type (a method of an interface literal).
func Of(fn *types.Func) (Func, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Func{}, false
	}
	fn = fn.Origin()
	k := Func{PkgPath: fn.Pkg().Path(), Name: fn.Name()}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		n := astx.NamedOf(recv.Type())
		if n == nil {
			return Func{}, false
		}
		k.Recv = n.Obj().Name()
	}
	return k, true
}

// Matches reports whether fn (or its generic origin) is the function or
// method f names.
func (f Func) Matches(fn *types.Func) bool {
	k, ok := Of(fn)
	return ok && k == f
}

// String names f for messages: "pkg.Func" or "(*pkg.Type).Method", with
// the last element of the package path.
func (f Func) String() string {
	pkg := f.PkgPath[strings.LastIndex(f.PkgPath, "/")+1:]
	if f.Recv != "" {
		return fmt.Sprintf("(*%s.%s).%s", pkg, f.Recv, f.Name)
	}
	return pkg + "." + f.Name
}

// Parse parses a function named in a flag or a configuration file:
// "pkg/path.Func", "(*pkg/path.Type).Method" or "(pkg/path.Type).Method".
// what names the list in the error ("launcher", "retainer").
func Parse(what, spec string) (Func, error) {
	pkg, recv, name, ok := parse(spec)
	if !ok {
		return Func{}, fmt.Errorf("invalid %s %q: want pkg/path.Func or (*pkg/path.Type).Method", what, spec)
	}
	return F(pkg, recv, name), nil
}

func parse(spec string) (pkg, recv, name string, ok bool) {
	s := strings.TrimSpace(spec)
	if strings.HasPrefix(s, "(") {
		end := strings.Index(s, ")")
		if end < 0 || end+2 > len(s) || s[end+1] != '.' {
			return "", "", "", false
		}
		r := strings.TrimPrefix(s[1:end], "*")
		dot := strings.LastIndex(r, ".")
		name := s[end+2:]
		if dot <= 0 || dot == len(r)-1 || name == "" || strings.ContainsAny(name, "./()") || strings.ContainsAny(r, "()*") {
			return "", "", "", false
		}
		return r[:dot], r[dot+1:], name, true
	}
	dot := strings.LastIndex(s, ".")
	if dot <= 0 || dot == len(s)-1 || strings.LastIndex(s, "/") > dot || strings.ContainsAny(s, "()*") {
		return "", "", "", false
	}
	return s[:dot], "", s[dot+1:], true
}

// ParseAll parses every spec of a list flag; the error names the flag.
func ParseAll(flag, what string, specs []string) ([]Func, error) {
	var out []Func
	for _, s := range specs {
		f, err := Parse(what, s)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", flag, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// Any reports whether fn is one of fs.
func Any(fs []Func, fn *types.Func) bool {
	k, ok := Of(fn)
	if !ok {
		return false
	}
	for _, f := range fs {
		if f == k {
			return true
		}
	}
	return false
}

// Resolve returns what f names in pkg, the package at f.PkgPath: the
// package-level object Name, or the method or field Name of the named
// type Recv (through a pointer, for a struct), possibly promoted from an
// embedded field; nil if there is none. The tables' tests check their
// entries against the real modules with it.
func Resolve(pkg *types.Package, f Func) types.Object {
	if pkg == nil || pkg.Path() != f.PkgPath {
		return nil
	}
	if f.Recv == "" {
		return pkg.Scope().Lookup(f.Name)
	}
	tn, ok := pkg.Scope().Lookup(f.Recv).(*types.TypeName)
	if !ok {
		return nil
	}
	t := tn.Type()
	if !types.IsInterface(t) {
		t = types.NewPointer(t)
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, f.Name)
	return obj
}
