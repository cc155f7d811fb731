// Package lib is a dependency seen only through facts.
package lib

import "time"

// Remove starts a goroutine that sends on the channel it returns.
func Remove() chan bool {
	ch := make(chan bool)
	go func() {
		time.Sleep(time.Second)
		ch <- true
	}()
	return ch
}

// RemoveBuffered leaves room for the send.
func RemoveBuffered() chan bool {
	ch := make(chan bool, 1)
	go func() { ch <- true }()
	return ch
}

// Loop never returns.
func Loop() {
	for {
		time.Sleep(time.Second)
	}
}

// Drain ranges over its parameter.
func Drain(ch <-chan int) {
	for range ch {
	}
}

// Send sends on its parameter.
func Send(ch chan<- int) { ch <- 1 }
