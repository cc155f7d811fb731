package stdlib_test

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// pass returns a pass over package pkgPath whose file is named file, in
// module mod ("" for none: GOPATH mode, or std).
func pass(pkgPath, file string, mod *analysis.Module) *analysis.Pass {
	fset := token.NewFileSet()
	f := &ast.File{Name: ast.NewIdent("p")}
	tf := fset.AddFile(file, -1, 100)
	f.Package = token.Pos(tf.Base())
	return &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: types.NewPackage(pkgPath, "p"), Module: mod}
}

func TestIs(t *testing.T) {
	src := filepath.Join(build.Default.GOROOT, "src")
	myapp := &analysis.Module{Path: "myapp"}
	gopath := pass("server/api", "/home/u/go/src/server/api/api.go", nil)
	for _, tc := range []struct {
		name string
		pass *analysis.Pass
		path string
		want bool
	}{
		// issue 10: a module whose path has no dot
		{"own package of module myapp", pass("myapp/api", "/src/myapp/api/api.go", myapp), "myapp/api", false},
		{"module root of myapp", pass("myapp/api", "/src/myapp/api/api.go", myapp), "myapp", false},
		{"another package of myapp", pass("myapp/api", "/src/myapp/api/api.go", myapp), "myapp/internal/worker", false},
		{"std imported by myapp", pass("myapp/api", "/src/myapp/api/api.go", myapp), "net/http", true},
		{"std vendored dependency", pass("net/http", filepath.Join(src, "net/http/server.go"), nil), "vendor/golang.org/x/net/http/httpguts", true},
		{"a module path with a dot", pass("myapp/api", "/src/myapp/api/api.go", myapp), "github.com/gin-gonic/gin", false},
		// GOPATH mode (analysistest): no module, decided by GOROOT
		{"GOPATH package, own", gopath, "server/api", false},
		{"GOPATH package, imported", gopath, "server/db", false},
		{"std from GOPATH", gopath, "context", true},
		// std itself, as go vet and go/packages present it
		{"std, absolute file", pass("fmt", filepath.Join(src, "fmt/print.go"), nil), "fmt", true},
		{"std, vet's empty module", pass("fmt", filepath.Join(src, "fmt/print.go"), &analysis.Module{}), "fmt", true},
		{"std, relative file name", pass("net/http", "./server.go", &analysis.Module{}), "net/http", true},
		{"std external test", pass("net/http_test", "./serve_test.go", &analysis.Module{}), "net/http_test", true},
		{"dotless GOPATH package named like nothing in std", pass("cmdx", "./main.go", nil), "cmdx", false},
	} {
		if got := stdlib.Is(tc.pass, tc.path); got != tc.want {
			t.Errorf("%s: Is(%q) = %v, want %v", tc.name, tc.path, got, tc.want)
		}
	}
}

func TestUserCode(t *testing.T) {
	src := filepath.Join(build.Default.GOROOT, "src")
	for _, tc := range []struct {
		name string
		pass *analysis.Pass
		want bool
	}{
		{"module myapp", pass("myapp/api", "/src/myapp/api/api.go", &analysis.Module{Path: "myapp"}), true},
		{"GOPATH", pass("a", "/tmp/testdata/src/a/a.go", nil), true},
		{"versioned dependency", pass("github.com/gin-gonic/gin", "/mod/gin@v1.12.0/gin.go", &analysis.Module{Path: "github.com/gin-gonic/gin", Version: "v1.12.0"}), false},
		{"std", pass("fmt", filepath.Join(src, "fmt/print.go"), nil), false},
	} {
		if got := stdlib.UserCode(tc.pass); got != tc.want {
			t.Errorf("%s: UserCode = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestUserPackage(t *testing.T) {
	myapp := pass("myapp/api", "/src/myapp/api/api.go", &analysis.Module{Path: "myapp"})
	gopath := pass("server/api", "/home/u/go/src/server/api/api.go", nil)
	for _, tc := range []struct {
		name string
		pass *analysis.Pass
		pkg  *types.Package
		want bool
	}{
		{"own package", myapp, myapp.Pkg, true},
		{"same dotless module", myapp, types.NewPackage("myapp/worker", "worker"), true},
		{"a dependency", myapp, types.NewPackage("github.com/gin-gonic/gin", "gin"), false},
		{"std", myapp, types.NewPackage("net/http", "http"), false},
		{"GOPATH, dotless", gopath, types.NewPackage("server/db", "db"), true},
		{"GOPATH, std", gopath, types.NewPackage("context", "context"), false},
		{"nil", gopath, nil, false},
	} {
		if got := stdlib.UserPackage(tc.pass, tc.pkg); got != tc.want {
			t.Errorf("%s: UserPackage = %v, want %v", tc.name, got, tc.want)
		}
	}
}
