package apis

import (
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// Every test-double state type is a type of its real package (modules the
// testdata modules lack are logged as not checked by RealPackages).
func TestTestDoublesReal(t *testing.T) {
	var ps []string
	for k := range testDoubleStates {
		ps = append(ps, k[0])
	}
	pkgs := srctest.RealPackages(t, ps)
	for k := range testDoubleStates {
		if pkg := pkgs[k[0]]; pkg != nil {
			if _, ok := pkg.Scope().Lookup(k[1]).(*types.TypeName); !ok {
				t.Errorf("test double state %s.%s: no such type", k[0], k[1])
			}
		}
	}
}
