// Package safe is the project's own helper package, in a module whose
// path has no dot (issue 10): its packages are not the standard library.
package safe

import "log"

// Recover stops a panic when deferred.
func Recover() { // want Recover:`go\(recovers\)`
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}

// Go runs f on a goroutine that recovers.
func Go(f func()) { // want Go:`go\(runs param 0 recovered\)`
	go func() {
		defer Recover()
		f()
	}()
}

// Spawn runs f on a goroutine that does not recover.
func Spawn(f func()) { // want Spawn:`go\(runs param 0\)`
	go f()
}
