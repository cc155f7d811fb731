package rule

import (
	"fmt"
	"strings"
)

// ExtractDoc returns the documentation of the named rule from the text of
// its doc.go: the comment lines from "# Analyzer <name>" (exclusive) to the
// end of the package comment. It panics if the heading is missing, at
// init, so that a rule without documentation cannot ship.
func ExtractDoc(src, name string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			continue
		}
		text = strings.TrimPrefix(text, " ")
		if strings.TrimSpace(text) == "# Analyzer "+name {
			in = true
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	if !in {
		panic(fmt.Sprintf("doc.go of rule %s has no \"# Analyzer %s\" heading", name, name))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
