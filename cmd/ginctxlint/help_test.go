package main

import (
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/cli"
	"github.com/ginctxlint/ginctxlint/internal/sarif"
)

// TestHelpComplete: the help describes every flag of the drivers that the
// command parses (flags.go's lists, -tags and -sarif), and no other.
func TestHelpComplete(t *testing.T) {
	usage := driverUsage()
	names := append(append(append([]string{}, driverBools...), driverValues...), cli.TagsFlag, sarif.Flag)
	for _, name := range names {
		if usage[name] == "" {
			t.Errorf("-%s has no usage in the help (driverUsage)", name)
		}
		delete(usage, name)
	}
	for name := range usage {
		t.Errorf("the help describes -%s, which the command does not parse (flags.go)", name)
	}
}
