package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// patchable rewrites the unified diff the standard driver prints for
// -fix -diff into one that git apply and patch -p1 accept: file names
// relative to dir under a/ and b/ (the driver prints absolute names with
// " (old)" and " (new)" after them), and hunk headers recomputed from the
// hunks' lines (x/tools' diff.Unified gets the new file's line numbers
// wrong after a hunk that removes lines, or that joins edits with
// context). The hunks' lines themselves are kept as they are.
func patchable(diff []byte, dir string) []byte {
	var out bytes.Buffer
	lines := strings.SplitAfter(string(diff), "\n")
	offset := 0 // new minus old line count of the file's previous hunks
	for i := 0; i < len(lines); {
		line := lines[i]
		switch {
		case strings.HasPrefix(line, "--- ") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "+++ "):
			fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", diffName(line, "--- ", " (old)", dir), diffName(lines[i+1], "+++ ", " (new)", dir))
			offset = 0
			i += 2
		case strings.HasPrefix(line, "@@ "):
			oldStart, oldCount, newCount := hunkStart(line), 0, 0
			j := i + 1
			for ; j < len(lines) && lines[j] != "" && strings.ContainsRune(" -+\\", rune(lines[j][0])) && !isFileHeader(lines, j); j++ {
				switch lines[j][0] {
				case ' ':
					oldCount++
					newCount++
				case '-':
					oldCount++
				case '+':
					newCount++
				}
			}
			// A count of 0 names the line before the hunk (GNU diff).
			first := oldStart
			if oldCount == 0 {
				first++
			}
			newStart := first + offset
			if newCount == 0 {
				newStart--
			}
			fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", oldStart, oldCount, newStart, newCount)
			for _, l := range lines[i+1 : j] {
				out.WriteString(l)
			}
			offset += newCount - oldCount
			i = j
		default:
			out.WriteString(line)
			i++
		}
	}
	return out.Bytes()
}

// isFileHeader reports whether lines[j] starts the next file's diff: a
// "--- " line followed by "+++ ", not a removed line that begins "-- ".
func isFileHeader(lines []string, j int) bool {
	return strings.HasPrefix(lines[j], "--- ") && j+1 < len(lines) && strings.HasPrefix(lines[j+1], "+++ ")
}

// hunkStart returns the old file's start line of a "@@ -l[,n] +l[,n] @@"
// header.
func hunkStart(header string) int {
	var start int
	fmt.Sscanf(header, "@@ -%d", &start)
	return start
}

// diffName returns the file name of a "--- name (old)" line, relative to
// dir and slash-separated.
func diffName(line, prefix, suffix, dir string) string {
	name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(line, prefix), "\n"), suffix)
	if filepath.IsAbs(name) {
		if rel, err := filepath.Rel(dir, name); err == nil {
			name = rel
		}
	}
	return filepath.ToSlash(name)
}
