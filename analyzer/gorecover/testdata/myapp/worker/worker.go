package worker

import "myapp/safe"

// Run does not recover.
func Run(job string) { // want Run:`panics\(param 0: panic in worker.Run at worker.go:9\)`
	for _, c := range job {
		if c == 0 {
			panic("NUL in job")
		}
	}
}

// Guarded recovers its own panics.
func Guarded(job string) { // want Guarded:`recover\(guarded\)`
	defer safe.Recover()
	Run(job)
}
