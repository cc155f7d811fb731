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
// Every item is stepped once, in order, and after that only the
// dependents of an item that changed, until no step changes anything.
// Solve terminates when step is monotone — each item's value only moves
// up a lattice of finite height (sets that only grow, a flag that only
// turns on, an "earliest reason" that only moves earlier) — because then
// each item changes at most that height times, and each change queues
// finitely many steps. The answer is the least fixed point, whatever the
// order of the steps: the same as rounds over every item would give, at
// the cost of re-running only what a change can affect.
func Solve(n int, dependents func(i int) []int, step func(i int) bool) {
	queue := make([]int, n)
	queued := make([]bool, n)
	for i := range queue {
		queue[i] = i
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
		for _, d := range dependents(i) {
			if !queued[d] {
				queued[d] = true
				queue = append(queue, d)
			}
		}
	}
}
