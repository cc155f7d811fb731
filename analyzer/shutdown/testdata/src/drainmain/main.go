// Package main stops the server through drainserver, which reports the
// handlers' goroutines at its own Shutdown: not reported again here.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"drainserver"
)

func main() {
	s := &drainserver.Server{}
	s.Start()
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	<-c
	s.Close()
}
