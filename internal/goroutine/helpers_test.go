package goroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
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

func TestRootVar(t *testing.T) {
	const src = `package p

import "os"

type T struct {
	f  []T
	p  *T
	xs map[string]int
}

var table = []string{"a"}

func f(x T, px *T, ts []T) {
	_ = x
	_ = x.f[0].p.xs["k"]
	_ = *px
	_ = px.p
	_ = ts[1]
	_ = table[0]
	_ = os.Args[0]
	_ = os.Args
	_ = g().f
	_ = T{}.f
	_ = f
}

func g() T { return T{} }
`
	p := srctest.Check(t, src, srctest.Options{})
	file, info := p.File, p.Info
	// The right-hand sides of the blank assignments, in order.
	var exprs []ast.Expr
	ast.Inspect(file, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			exprs = append(exprs, as.Rhs[0])
		}
		return true
	})
	for i, tc := range []struct {
		root   string // "" for none
		direct bool
	}{
		{"x", true},
		{"x", false},
		{"px", false},
		{"px", false},
		{"ts", false},
		{"table", false},
		{"Args", false},
		{"Args", true},
		{"", false}, // a call
		{"", false}, // a literal
		{"", false}, // a function
	} {
		v, direct := RootVar(info, exprs[i])
		got := ""
		if v != nil {
			got = v.Name()
		}
		if got != tc.root || direct != tc.direct {
			t.Errorf("RootVar(%s) = %q, %v; want %q, %v", types.ExprString(exprs[i]), got, direct, tc.root, tc.direct)
		}
	}
}
