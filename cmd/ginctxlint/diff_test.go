package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPatchable: the rewritten diff applies with git apply, though the
// driver's printed absolute names and a wrong new-file line number
// (x/tools' diff.Unified after a hunk that removes lines).
func TestPatchable(t *testing.T) {
	dir := t.TempDir()
	var old []string
	for i := 1; i <= 20; i++ {
		old = append(old, "line"+strings.Repeat("x", i%3)+"\n")
	}
	file := filepath.Join(dir, "web.go")
	if err := os.WriteFile(file, []byte(strings.Join(old, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	// Line 3 removed, line 15 replaced by two.
	diff := "--- " + file + " (old)\n+++ " + file + " (new)\n" +
		"@@ -1,6 +1,5 @@\n linex\n linexx\n-line\n linex\n linexx\n line\n" +
		"@@ -12,7 +12,8 @@\n line\n linex\n linexx\n-line\n+new1\n+new2\n linex\n linexx\n line\n"
	got := string(patchable([]byte(diff), dir))
	if !strings.Contains(got, "--- a/web.go\n+++ b/web.go\n") || !strings.Contains(got, "@@ -12,7 +11,8 @@") {
		t.Fatalf("patchable:\n%s", got)
	}
	for _, args := range [][]string{{"init", "-q"}, {"apply"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Stdin = dir, strings.NewReader(got)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s\n%s", args[0], err, out, got)
		}
	}
	data, _ := os.ReadFile(file)
	want := strings.Join(old[:2], "") + strings.Join(old[3:14], "") + "new1\nnew2\n" + strings.Join(old[15:], "")
	if string(data) != want {
		t.Errorf("after git apply:\n%s\nwant:\n%s", data, want)
	}
}
