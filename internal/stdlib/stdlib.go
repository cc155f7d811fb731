// Package stdlib tells the standard library, the user's own code and
// versioned dependencies apart, for every rule: std has no handlers and
// its goroutines are not ours to judge; facts about dependencies would
// flag every caller of a library designed to take a context.
package stdlib

import (
	"go/build"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Is reports whether the package with import path path — the pass's own
// package or one it imports — is in the standard library.
//
// The shape of the path cannot tell: std paths have no dot in their first
// element, but neither have `module myapp` and GOPATH packages (issue 10:
// gorecover took every goroutine of a dotless module for std's). And
// go/analysis does not expose the go command's own answer (vet.cfg's
// Standard map, go list's Standard). So, in order:
//
//  1. a dot in the first element rules std out (cmd/go reserves dotless
//     paths for std; the converse does not hold);
//  2. a package of the pass's module is the user's (both drivers set
//     pass.Module from the go command: unitchecker from vet.cfg,
//     go/packages from go list; std packages have none);
//  3. the pass's own package is std if its files are under GOROOT/src;
//  4. else the path is std if it is in the list of std packages of the
//     toolchain this binary was built with (packages.go, generated from
//     `go list std`, as x/tools' internal/stdlib keeps its manifest):
//     analysis reads nothing beyond its packages and runs nothing
//     (internal/fuzz's sandbox test), so it cannot ask GOROOT or the go
//     command. Export-data positions cannot replace this: under -trimpath
//     std's files are named "fmt/print.go", much like anyone's.
//
// Limits: a std package newer than the toolchain that built ginctxlint
// is taken for the user's when imported (it then just has no facts). A
// dotless module other than the pass's (a `replace` to a local dotless
// module) is told apart by step 4.
func Is(pass *analysis.Pass, path string) bool {
	module, file := "", ""
	if pass.Module != nil {
		module = pass.Module.Path
	}
	if pass.Pkg != nil && path == pass.Pkg.Path() {
		if module != "" {
			return false // std packages have no module
		}
		file = "-" // the pass's own package, file unknown
		if len(pass.Files) > 0 {
			file = pass.Fset.Position(pass.Files[0].Package).Filename
		}
	}
	return IsPath(path, module, file)
}

// IsPath is Is for drivers that have no pass: path is the package's
// import path, module the path of the main module it is seen from ("" if
// unknown), file one of the package's files if it is loaded from source
// ("" for an import; "-" for a package whose files are unknown).
func IsPath(path, module, file string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false
	}
	if module != "" && (path == module || strings.HasPrefix(path, module+"/")) {
		return false
	}
	if root := build.Default.GOROOT; root != "" && file != "" {
		src := filepath.Join(root, "src")
		if strings.HasPrefix(file, src+string(filepath.Separator)) {
			return true
		}
	}
	// An external test package is named after the package it tests.
	return packages[strings.TrimSuffix(path, "_test")]
}

// UserCode reports whether the pass is over the user's own code: neither
// the standard library nor a versioned dependency (a module from the
// module cache, which the drivers give a version). Packages of a GOPATH
// and of the main modules (a go.work's too) count as the user's; a module
// replaced by a local directory does not: every driver (go list, hence
// singlechecker, go vet and ours) gives it the version it is required at.
func UserCode(pass *analysis.Pass) bool {
	if pass.Module != nil && pass.Module.Version != "" {
		return false
	}
	return !Is(pass, pass.Pkg.Path())
}

// UserPackage reports whether pkg, seen from the pass, is the user's: the
// pass's own package, or another package of its module; without module
// information (GOPATH, drivers that do not say), any package outside the
// standard library.
func UserPackage(pass *analysis.Pass, pkg *types.Package) bool {
	switch {
	case pkg == nil:
		return false
	case pkg == pass.Pkg:
		return true
	}
	path := pkg.Path()
	if mod := pass.Module; mod != nil && mod.Path != "" {
		return path == mod.Path || strings.HasPrefix(path, mod.Path+"/")
	}
	return !Is(pass, path)
}
