// Command noopfact is singlechecker with an analyzer that only exports a
// trivial fact: the floor of an analyzer with facts, for make bench.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/internal/benchgen/noop"
)

func main() { singlechecker.Main(noop.FactAnalyzer) }
