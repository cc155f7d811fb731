// Package safe is a helper package that never imports gin: its facts
// travel to the handlers that use it.
package safe

import "log"

// Recover stops a panic when deferred.
func Recover() {
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}

// Go runs f on a goroutine that recovers.
func Go(f func()) {
	go func() {
		defer Recover()
		f()
	}()
}

// GoCtx runs f through Go: still recovered.
func GoCtx(name string, f func()) {
	Go(func() {
		log.Print(name)
		f()
	})
}

// Spawn runs f on a goroutine that does not recover.
func Spawn(f func()) {
	go f()
}

// Worker recovers its own panics.
func Worker(id int) {
	defer Recover()
}

// Pool recovers the tasks it runs.
type Pool struct{}

func (p *Pool) Submit(task func()) error {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		task()
	}()
	return nil
}
