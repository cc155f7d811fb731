// Package main stops its server through a method of the user's with no
// parameters (gophish's adminServer.Shutdown()).
package main

import (
	"os"
	"os/signal"
	"syscall"

	"example.com/svr"
)

func main() {
	s := &svr.Server{}
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt) // want `shutdown: signal.Notify listens for os.Interrupt but not SIGTERM, .* on the next deploy s.srv.Shutdown \(svr.go:\d+, called by \(\*svr.Server\).Stop\) never runs`
	<-c
	s.Stop()
}

// withTerm is the same with SIGTERM.
func withTerm() {
	s := &svr.Server{}
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	<-c
	s.Stop()
}
