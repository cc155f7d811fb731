// Command benchgen writes a generated Gin service (see package benchgen):
//
//	go run ./internal/benchgen/cmd/benchgen -n 100 -o /tmp/svc100
package main

import (
	"flag"
	"log"

	"github.com/ginctxlint/ginctxlint/internal/benchgen"
)

func main() {
	n := flag.Int("n", 10, "number of feature packages")
	handlers := flag.Int("handlers", 12, "handlers per package")
	out := flag.String("o", "", "output directory (must not exist)")
	flag.Parse()
	if *out == "" {
		log.Fatal("benchgen: -o is required")
	}
	if err := benchgen.Generate(*out, benchgen.Options{Packages: *n, Handlers: *handlers}); err != nil {
		log.Fatal(err)
	}
	if err := benchgen.Tidy(*out); err != nil {
		log.Fatal(err)
	}
}
