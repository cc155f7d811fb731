package main

import "time"

func work() {}

// Goroutines started in main.main and init live as long as the process:
// not reported unless -goexit.main is set.
func init() { // want init:`goexit\(starts endless: go statement at main\.go:\d+\)`
	go func() {
		for range time.Tick(time.Minute) {
			work()
		}
	}()
}

func main() { // want main:`goexit\(starts endless: go statement at main\.go:\d+\)`
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	go func() {
		for {
			work()
		}
	}()
}
