package goroutine

import (
	"go/ast"
	"testing"
)

// declNamed returns the declaration of the package-level function name.
func declNamed(t *testing.T, tp *testPkg, name string) *ast.FuncDecl {
	t.Helper()
	for _, d := range tp.pass.Files[0].Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			return fd
		}
	}
	t.Fatalf("no func %s", name)
	return nil
}
