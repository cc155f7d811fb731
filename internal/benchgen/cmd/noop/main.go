// Command noop is singlechecker with an analyzer that does nothing: the
// floor for make bench.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/internal/benchgen/noop"
)

func main() { singlechecker.Main(noop.Analyzer) }
