// Command standard is ginctxlint on the standard singlechecker driver, as
// the command was before internal/driver: make bench keeps it as a row.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

func main() { singlechecker.Main(analyzer.New()) }
