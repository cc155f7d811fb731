package stdlib

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackagesList checks the generated list of std packages against the
// toolchain running the tests (go generate ./internal/stdlib updates it).
func TestPackagesList(t *testing.T) {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Skipf("go list std: %v", err)
	}
	want := strings.Fields(string(out))
	if len(want) != len(packages) {
		t.Errorf("packages.go lists %d packages, go list std %d: run go generate ./internal/stdlib", len(packages), len(want))
	}
	for _, p := range want {
		if !packages[p] {
			t.Errorf("%s is missing from packages.go: run go generate ./internal/stdlib", p)
		}
	}
}
