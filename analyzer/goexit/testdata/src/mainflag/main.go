package main

import "time"

func work() {}

// Goroutines started in main.main and init live as long as the process:
// checked with -goexit.main.
func init() {
	go func() { // want `goexit: this goroutine never finishes`
		for range time.Tick(time.Minute) {
			work()
		}
	}()
}

func main() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goexit: the goroutine blocks forever on ch <- 1`
	}()
	go func() { // want `goexit: this goroutine never finishes`
		for {
			work()
		}
	}()
}
