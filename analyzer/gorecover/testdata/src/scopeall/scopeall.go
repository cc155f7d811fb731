package scopeall

import (
	"log"
	"os"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

func main() {
	go func() { // want `gorecover: a panic in this goroutine kills the whole server, with every request in flight: nothing recovers a panic on a goroutine of its own`
		work()
	}()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		work()
	}()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
