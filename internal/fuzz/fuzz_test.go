package fuzz_test

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzShapes runs every rule over generated handler code (see shapes):
// always syntactically valid, often ill-typed.
//
//	go test ./internal/fuzz -run '^$' -fuzz FuzzShapes -fuzztime 10m
//
// Without -fuzz, the seeds below and testdata/fuzz/FuzzShapes run as
// regression tests.
func FuzzShapes(f *testing.F) {
	for _, seed := range [][]byte{
		{0, 0, 0, 0},       // go in go in go
		{5, 1, 30, 2, 0},   // select in select
		{6, 0, 0, 25, 3},   // a label on a go statement, goto
		{20, 3, 20, 3, 20}, // closures of closures of goroutines
		{8, 2, 9, 2, 1},    // joins
		{13, 22, 31, 24, 12},
		{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, // deep nesting
		{10, 3, 17, 3, 29, 0, 29, 1, 29, 2, 27, 0},
	} {
		f.Add(seed)
	}
	// Load before fuzzing: a fuzz worker panics ("deadlocked!") when one
	// input takes over 10s, and loading the world may, on a busy machine.
	w := loadWorld(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src := genShapes(data)
		if out := check(t, w, []byte(src)); !out.parsed {
			t.Fatalf("shapes produced a file that does not parse:\n%s", src)
		}
	})
}

// FuzzSource runs every rule over arbitrary Go source; inputs that do not
// parse are skipped (no driver analyses them). The seeds are the files in
// testdata/odd: hand-written odd handler code.
func FuzzSource(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "odd", "*.go.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	w := loadWorld(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		check(t, w, src)
	})
}
