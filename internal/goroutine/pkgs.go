package goroutine

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"

	"github.com/ginctxlint/ginctxlint/internal/callgraph"
)

// ShortPos is a position for a fact or message: file base name and line,
// stable across drivers (facts travel between processes, token.Pos does
// not).
func ShortPos(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() {
		return "?"
	}
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// A Pos is a position in a fact: facts cross process boundaries (the
// driver's cache, go vet's .vetx files), token.Pos values do not. File is
// the file's base name, as messages show it.
type Pos struct {
	File string
	Line int
}

// PosOf returns pos as a fact position.
func PosOf(fset *token.FileSet, pos token.Pos) Pos {
	if !pos.IsValid() {
		return Pos{}
	}
	p := fset.Position(pos)
	return Pos{File: filepath.Base(p.Filename), Line: p.Line}
}

// String is the position as messages show it: "user.go:42" ("?" for
// none), as ShortPos.
func (p Pos) String() string {
	if p.File == "" {
		return "?"
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// A LaunchAt says where a goroutine starts, in a fact: how (Launch, as
// Launch.Describe says: "go statement", "errgroup.Go call") and where, or
// Via the user's wrapper that starts it ("safe.Go").
type LaunchAt struct {
	Launch string
	At     Pos
	Via    string
}

// LaunchAtOf returns where l starts, for a fact.
func LaunchAtOf(fset *token.FileSet, l *Launch) LaunchAt {
	return LaunchAt{Launch: l.Describe(), At: PosOf(fset, l.Pos())}
}

// String renders it for messages: "go statement at pool.go:12", "via
// safe.Go".
func (l LaunchAt) String() string {
	if l.Via != "" {
		return "via " + l.Via
	}
	return l.Launch + " at " + l.At.String()
}

// FuncName names fn for messages: "svc.fetch", "(*svc.Client).Do" (the
// call graph's FuncName).
func FuncName(fn *types.Func) string { return callgraph.FuncName(fn) }

// MayHoldPooled reports whether a pooled request-context type can appear
// in the package: it imports a package that defines one, directly or
// through one of its imports (a project's own wrapper of gin).
func (m *Model) MayHoldPooled() bool {
	pkgs := m.table.Packages()
	if pkgs[m.pass.Pkg.Path()] {
		return true
	}
	for _, imp := range m.pass.Pkg.Imports() {
		if pkgs[imp.Path()] {
			return true
		}
		for _, imp2 := range imp.Imports() {
			if pkgs[imp2.Path()] {
				return true
			}
		}
	}
	return false
}

// SortedFuncs returns the keys of m in source order, so that facts are
// exported, and output produced, deterministically.
func SortedFuncs[V any](m map[*types.Func]V) []*types.Func {
	objs := make([]*types.Func, 0, len(m))
	for obj := range m {
		objs = append(objs, obj)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })
	return objs
}
