package fuzz_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHarnessSeesFindings guards the fuzzing harness against testing
// nothing: a plain bug must be reported through it, as through the
// command.
func TestHarnessSeesFindings(t *testing.T) {
	w := loadWorld(t)
	out := check(t, w, []byte(`package p

import "github.com/gin-gonic/gin"

func H(c *gin.Context) {
	go func() { _ = c.Param("id") }()
}
`))
	for _, d := range out.diagnostics {
		if strings.HasPrefix(d.Message, "ctxcopy: ") {
			return
		}
	}
	t.Fatalf("no ctxcopy finding through the harness; got %v", out.diagnostics)
}

// TestShapesParse: every generated file parses, whatever the bytes.
func TestShapesParse(t *testing.T) {
	w := loadWorld(t)
	for i := 0; i < 64; i++ {
		data := make([]byte, 48)
		for k := range data {
			data[k] = byte((i*131 + k*29) ^ (k * i))
		}
		if out := check(t, w, []byte(genShapes(data))); !out.parsed {
			t.Fatalf("seed %d: does not parse:\n%s", i, genShapes(data))
		}
	}
}

// TestOddSeedsParse: FuzzSource skips what does not parse, so a seed in
// testdata/odd with a syntax error would test nothing.
func TestOddSeedsParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "odd", "*.go.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), name, src, 0); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
}
