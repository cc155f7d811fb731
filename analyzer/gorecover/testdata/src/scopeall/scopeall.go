package scopeall

import "log"

func work() {}

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
