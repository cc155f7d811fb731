package apis

import (
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/astx"
)

// testDoubleStates are the types of mocking libraries that a test double
// keeps as its state: gomock's controller (a field of every type mockgen
// writes) and testify's Mock (embedded by mockery's). A type holding one
// answers what a test scripted (ret := m.ctrl.Call(m, "Get"); ret[0]),
// and production code does not run it, though it sits in a non-test file
// and implements the interface. Keyed by package path and type name.
var testDoubleStates = map[[2]string]bool{
	{"github.com/golang/mock/gomock", "Controller"}: true,
	{"go.uber.org/mock/gomock", "Controller"}:       true,
	{"github.com/stretchr/testify/mock", "Mock"}:    true,
}

// IsTestDouble reports whether t is a struct with a field (embedded or
// not, by value or pointer) of one of testDoubleStates.
func IsTestDouble(t *types.Named) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		n := astx.NamedOf(st.Field(i).Type())
		if n != nil && n.Obj().Pkg() != nil && testDoubleStates[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}] {
			return true
		}
	}
	return false
}
