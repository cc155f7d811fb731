package goroutine

import (
	"go/ast"
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// ExprKey names what an expression denotes by identity: rows are pairs
// of right-hand sides of F's assignments and whether their keys are
// equal (both non-empty); then the expressions that have none. Only
// the blank assignments count.
func TestExprKey(t *testing.T) {
	tp := load(t, srctest.Src("os sync", `type S struct{ wg sync.WaitGroup; inner *S }
var global sync.WaitGroup
func F(s *S, t *S) {
	var wg, other sync.WaitGroup
	_ = wg       // 0
	_ = &wg      // 1: the same WaitGroup
	_ = (wg)     // 2: parenthesised
	_ = other    // 3
	_ = s.wg     // 4
	_ = (*s).wg  // 5: the same field path
	_ = t.wg     // 6: another variable's field
	_ = s.inner.wg // 7
	_ = global   // 8
	_ = os.Args  // 9: another package's variable
	_ = os.Args  // 10
	_ = newS().wg // 11: rooted in a call
	_ = []int{}  // 12
	ss := []S{}
	_ = ss[0].wg // 13: rooted in an index
	_ = ss[1].wg // 14
	{
		wg := 1
		_ = wg // 15: another variable named wg
	}
}
func newS() *S { return nil }
`), Config{})
	var rhs []ast.Expr
	ast.Inspect(srctest.FuncNamed(t, tp.pass.Files[0], "F").Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
				rhs = append(rhs, as.Rhs[0])
			}
		}
		return true
	})
	key := func(i int) string { return ExprKey(tp.pass.TypesInfo, rhs[i]) }
	for _, tc := range []struct {
		a, b int
		same bool
	}{
		{0, 1, true},
		{0, 2, true},
		{0, 3, false},
		{4, 5, true},
		{4, 6, false},
		{4, 7, false},
		{9, 10, true},
		{8, 0, false},
		// A field not rooted in a variable is keyed by the field
		// alone: newS().wg, ss[0].wg and ss[1].wg are one key (an
		// approximation Joined leans on: ws[i].wg.Wait() joins
		// ws[i].wg.Done()).
		{11, 13, true},
		{13, 14, true},
		{11, 4, false},
		{15, 0, false},
	} {
		ka, kb := key(tc.a), key(tc.b)
		if ka == "" || kb == "" || (ka == kb) != tc.same {
			t.Errorf("ExprKey(%s) = %q, ExprKey(%s) = %q; want same=%v, both non-empty",
				types.ExprString(rhs[tc.a]), ka, types.ExprString(rhs[tc.b]), kb, tc.same)
		}
	}
	for _, i := range []int{12} {
		if k := key(i); k != "" {
			t.Errorf("ExprKey(%s) = %q, want none", types.ExprString(rhs[i]), k)
		}
	}
}
