package srctest_test

import (
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// Where each import comes from: a test's source, the shared stubs, std;
// and ill-typed code checked on.
func TestCheck(t *testing.T) {
	p := srctest.Check(t, `package p

import (
	"example.com/dep"
	"github.com/gin-gonic/gin"
	"strings"
)

var _ = dep.X
var _ *gin.Context
var _ = strings.Cut
`, srctest.Options{Deps: map[string]string{"example.com/dep": "package dep\nconst X = 1"}})
	if p.Pkg.Path() != "p" || len(p.Pkg.Imports()) != 3 {
		t.Errorf("package %s imports %v, want p importing three packages", p.Pkg.Path(), p.Pkg.Imports())
	}
	for _, imp := range p.Pkg.Imports() {
		if imp.Path() == "github.com/gin-gonic/gin" && imp.Scope().Lookup("HandlerFunc") == nil {
			t.Errorf("gin stub without HandlerFunc")
		}
	}

	bad := srctest.Check(t, "package x\nfunc f() { for 0 {} }", srctest.Options{IllTyped: true})
	if len(bad.Errors) != 1 || bad.Pkg == nil {
		t.Errorf("ill-typed: errors %v, package %v; want one error and the package", bad.Errors, bad.Pkg)
	}
}
