// Package fixpoint solves the recursive equations of inter-procedural
// facts ("f hands ctx off if it calls g, which hands it off") with a
// worklist, to convergence.
package fixpoint

import "fmt"

// maxChanges bounds how often one item's value may change. A monotone step
// over the finite values our facts take changes an item at most a few
// times per parameter; a step that goes past the bound is not monotone,
// which is a bug: Solve panics (the rule framework turns the panic into an
// error naming the rule) rather than stop at an arbitrary answer.
const maxChanges = 1 << 10

// Solve computes the least fixed point of n equations. step(i) recomputes
// item i from the current values of the items it depends on, stores it,
// and reports whether it changed; dependents(i) returns the items whose
// step reads item i (more is harmless, fewer loses updates).
//
// Every item is stepped once, each before the items that depend on it
// (callees before their callers: an order of the dependency graph's
// strongly connected components), and after that only the dependents
// of an item that changed, until no step changes anything. Without
// recursion every item is stepped exactly once; in a declaration order a
// caller declared before its callee was stepped twice, which was half of
// the summaries' cost. Solve terminates when step is monotone — each
// item's value only moves up a lattice of finite height (sets that only
// grow, a flag that only turns on, an "earliest reason" that only moves
// earlier) — because then each item changes at most that height times,
// and each change queues finitely many steps. The answer is the least
// fixed point, whatever the order of the steps: the same as rounds over
// every item would give, at the cost of re-running only what a change
// can affect.
func Solve(n int, dependents func(i int) []int, step func(i int) bool) {
	deps := make([][]int, n)
	for i := range deps {
		deps[i] = dependents(i)
	}
	queue := order(deps)
	queued := make([]bool, n)
	for i := range queued {
		queued[i] = true
	}
	changes := make([]int, n)
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		queued[i] = false
		if !step(i) {
			continue
		}
		changes[i]++
		if changes[i] > maxChanges {
			panic(fmt.Sprintf("fixpoint: item %d changed %d times: its step is not monotone", i, changes[i]))
		}
		for _, d := range deps[i] {
			if !queued[d] {
				queued[d] = true
				queue = append(queue, d)
			}
		}
	}
}

// order returns the items with each before its dependents, but for the
// cycles among them: the reverse of a depth-first postorder of the
// dependency edges (deps[i] are the items that depend on i), started
// from the items in index order.
func order(deps [][]int) []int {
	seen := make([]bool, len(deps))
	post := make([]int, 0, len(deps))
	type frame struct{ item, next int }
	var stack []frame
	for root := range deps {
		if seen[root] {
			continue
		}
		seen[root] = true
		stack = append(stack[:0], frame{item: root})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(deps[top.item]) {
				d := deps[top.item][top.next]
				top.next++
				if !seen[d] {
					seen[d] = true
					stack = append(stack, frame{item: d})
				}
				continue
			}
			post = append(post, top.item)
			stack = stack[:len(stack)-1]
		}
	}
	for i, j := 0, len(post)-1; i < j; i, j = i+1, j-1 {
		post[i], post[j] = post[j], post[i]
	}
	return post
}
