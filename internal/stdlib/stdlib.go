// Package stdlib tells the standard library, the user's own code and
// versioned dependencies apart, for every rule: std has no handlers and
// its goroutines are not ours to judge; facts about dependencies would
// flag every caller of a library designed to take a context.
package stdlib

import (
	"go/build"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

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
//  4. else the path is std if GOROOT/src holds a directory of that path:
//     every std package ships as source there, and a path std has always
//     resolves to std, so no other package of that path can be imported.
//     Export-data positions cannot replace this: under -trimpath std's
//     files are named "fmt/print.go", much like anyone's.
//
// Limits: GOROOT is build.Default's (the GOROOT variable, which go vet
// sets for its tools, or the toolchain that built the binary), else the
// answer of `go env GOROOT`; with neither, only 1 and 2 decide and a
// dotless path counts as std. A dotless module other than the pass's
// (a `replace` to a local dotless module) is told apart by step 4.
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
	root := goroot()
	if root == "" {
		return true // see Limits
	}
	src := filepath.Join(root, "src")
	if file != "" {
		if strings.HasPrefix(file, src+string(filepath.Separator)) {
			return true
		}
		// Else decide by the path, as for imports: go vet names files
		// relative to its working directory, and GOROOT may be reached
		// through a symbolic link. An external test package is named
		// after the package it tests.
		path = strings.TrimSuffix(path, "_test")
	}
	fi, err := os.Stat(filepath.Join(src, filepath.FromSlash(path)))
	return err == nil && fi.IsDir()
}

// UserCode reports whether the pass is over the user's own code: neither
// the standard library nor a versioned dependency (a module from the
// module cache, which the drivers give a version). Packages of a GOPATH
// or of modules replaced by a local directory count as the user's.
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

// goroot is the root of the Go installation whose packages are std. It is
// a property of the process's environment, like build.Default itself, not
// of a configuration: computed once.
var goroot = sync.OnceValue(func() string {
	if build.Default.GOROOT != "" {
		return build.Default.GOROOT
	}
	// A binary built with -trimpath (golangci-lint's releases) has no
	// GOROOT of its own; the go command that loads the packages knows.
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if root := strings.TrimSpace(string(out)); err == nil && root != "" {
		return filepath.Clean(root)
	}
	return ""
})
