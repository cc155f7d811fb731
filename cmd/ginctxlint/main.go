// Command ginctxlint finds goroutine and lifecycle bugs in Gin HTTP
// services.
//
//	ginctxlint ./...                        # all default rules
//	ginctxlint -disable=goexit ./...        # all but one
//	ginctxlint -fix ./...                   # apply suggested fixes
//	go vet -vettool=$(command -v ginctxlint) ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/ginctxlint/ginctxlint/analyzer"
)

func main() { singlechecker.Main(analyzer.New()) }
