package plugin_test

import (
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWrapperMain checks that the wrapper main.go users are told to write
// (docs/golangci-lint.md) is the one plugin/gcl/build.sh builds and `make
// integration` tests.
func TestWrapperMain(t *testing.T) {
	main, err := os.ReadFile(filepath.Join("gcl", "main.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if formatted, err := format.Source(main); err != nil || string(formatted) != string(main) {
		t.Errorf("gcl/main.go.txt is not gofmt-formatted Go (%v)", err)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "golangci-lint.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```go\n"+string(main)+"```\n") {
		t.Error("docs/golangci-lint.md does not show gcl/main.go.txt verbatim in a ```go block")
	}
}
