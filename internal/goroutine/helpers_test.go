package goroutine

import (
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestIsNamed(t *testing.T) {
	pkg := types.NewPackage("sync", "sync")
	pool := types.NewNamed(types.NewTypeName(token.NoPos, pkg, "Pool", nil), types.NewStruct(nil, nil), nil)
	alias := types.NewAlias(types.NewTypeName(token.NoPos, nil, "P", nil), pool)
	for _, tc := range []struct {
		name      string
		t         types.Type
		pkg, want string
		ok        bool
	}{
		{"named", pool, "sync", "Pool", true},
		{"pointer", types.NewPointer(pool), "sync", "Pool", true},
		{"alias", alias, "sync", "Pool", true},
		{"pointer to alias", types.NewPointer(alias), "sync", "Pool", true},
		{"other name", pool, "sync", "Map", false},
		{"other package", pool, "sync/atomic", "Pool", false},
		{"basic", types.Typ[types.Int], "sync", "Pool", false},
		{"pointer to pointer", types.NewPointer(types.NewPointer(pool)), "sync", "Pool", false},
	} {
		if got := IsNamed(tc.t, tc.pkg, tc.want); got != tc.ok {
			t.Errorf("%s: IsNamed(%s, %q, %q) = %v, want %v", tc.name, tc.t, tc.pkg, tc.want, got, tc.ok)
		}
	}
}

// ImportedFact reads a function's fact once, and remembers its absence
// too.
func TestImportedFact(t *testing.T) {
	pkg := types.NewPackage("example.com/lib", "lib")
	sig := types.NewSignatureType(nil, nil, nil, nil, nil, false)
	withFact := types.NewFunc(token.NoPos, pkg, "Go", sig)
	without := types.NewFunc(token.NoPos, pkg, "Plain", sig)
	reads := map[*types.Func]int{}
	pass := &analysis.Pass{ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
		fn := obj.(*types.Func)
		reads[fn]++
		if fn != withFact {
			return false
		}
		*fact.(*LauncherFact) = LauncherFact{Recovers: true}
		return true
	}}
	cache := map[*types.Func]*LauncherFact{}
	for range 3 {
		if f := ImportedFact(pass, cache, withFact); f == nil || !f.Recovers {
			t.Fatalf("ImportedFact(Go) = %v, want the exported fact", f)
		}
		if f := ImportedFact(pass, cache, without); f != nil {
			t.Fatalf("ImportedFact(Plain) = %v, want nil", f)
		}
	}
	if reads[withFact] != 1 || reads[without] != 1 {
		t.Errorf("facts read %v, want once per function", reads)
	}
}
