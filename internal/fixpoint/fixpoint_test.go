package fixpoint_test

import (
	"strings"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/fixpoint"
)

// graph is a call graph: calls[i] lists the items i reads.
type graph [][]int

// dependents inverts the graph: who reads i.
func (g graph) dependents() func(int) []int {
	rev := make([][]int, len(g))
	for i, callees := range g {
		for _, c := range callees {
			rev[c] = append(rev[c], i)
		}
	}
	return func(i int) []int { return rev[i] }
}

// reach solves "i is marked if it is a base item or reads a marked one",
// the shape of every fact we compute, and counts the steps.
func reach(g graph, base map[int]bool) ([]bool, int) {
	marked := make([]bool, len(g))
	steps := 0
	fixpoint.Solve(len(g), g.dependents(), func(i int) bool {
		steps++
		if marked[i] {
			return false
		}
		v := base[i]
		for _, c := range g[i] {
			v = v || marked[c]
		}
		marked[i] = v
		return v
	})
	return marked, steps
}

func TestSolve(t *testing.T) {
	// chain(n): item i reads item i+1 and only the last one is a base:
	// callers listed before callees, the order that needed one round per
	// level of the old capped loops.
	chain := func(n int) graph {
		g := make(graph, n)
		for i := 0; i+1 < n; i++ {
			g[i] = []int{i + 1}
		}
		return g
	}
	for _, tc := range []struct {
		name     string
		g        graph
		base     map[int]bool
		want     []bool
		maxSteps int
	}{
		{name: "empty", g: graph{}, want: []bool{}},
		{name: "no base", g: chain(3), want: []bool{false, false, false}, maxSteps: 3},
		// Without recursion each item is stepped once, callees first,
		// whatever the order of the items (before: 12 + 11 and 100 + 99).
		{name: "chain of 12", g: chain(12), base: map[int]bool{11: true},
			want: []bool{true, true, true, true, true, true, true, true, true, true, true, true}, maxSteps: 12},
		{name: "chain of 100", g: chain(100), base: map[int]bool{99: true}, want: all(100), maxSteps: 100},
		{name: "cycle reaches a base", g: graph{{1}, {2}, {0, 3}, nil}, base: map[int]bool{3: true},
			want: []bool{true, true, true, true}, maxSteps: 4 + 4},
		{name: "cycle without a base", g: graph{{1}, {2}, {0}}, want: []bool{false, false, false}, maxSteps: 3},
		{name: "self call", g: graph{{0, 1}, nil}, base: map[int]bool{1: true}, want: []bool{true, true}, maxSteps: 2 + 2},
		{name: "diamond", g: graph{{1, 2}, {3}, {3}, nil}, base: map[int]bool{3: true}, want: []bool{true, true, true, true}, maxSteps: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, steps := reach(tc.g, tc.base)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d items, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("item %d: got %v, want %v", i, got[i], tc.want[i])
				}
			}
			if steps > tc.maxSteps {
				t.Errorf("%d steps, want at most %d (only dependents of a change run again)", steps, tc.maxSteps)
			}
		})
	}
}

func all(n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	return out
}

// An "earliest reason" value, as in the facts' Where: the answer does not
// depend on the order in which items are stepped.
func TestSolveOrderIndependent(t *testing.T) {
	// item 0 reads 1, 2 and 3 in that order; each is a base at a
	// different depth. The first reason in 0's order is 1.
	g := graph{{1, 2, 3}, {4}, nil, {}, {5}, nil}
	base := map[int]bool{2: true, 3: true, 5: true}
	why := make([]int, len(g)) // the first callee that is marked, -1 none, len(g) base
	for i := range why {
		why[i] = -1
	}
	fixpoint.Solve(len(g), g.dependents(), func(i int) bool {
		w := -1
		if base[i] {
			w = len(g)
		} else {
			for _, c := range g[i] {
				if why[c] >= 0 {
					w = c
					break
				}
			}
		}
		if w == why[i] {
			return false
		}
		why[i] = w
		return true
	})
	if why[0] != 1 {
		t.Errorf("item 0's reason is %d, want 1 (the first callee that is marked, once all are known)", why[0])
	}
}

// A step that never settles is a bug: Solve panics, naming the item,
// instead of returning an arbitrary answer.
func TestSolveNotMonotone(t *testing.T) {
	defer func() {
		x := recover()
		if x == nil || !strings.Contains(x.(string), "not monotone") {
			t.Errorf("recover() = %v, want a panic saying the step is not monotone", x)
		}
	}()
	flip := false
	fixpoint.Solve(1, func(int) []int { return []int{0} }, func(int) bool {
		flip = !flip
		return true
	})
}
