package fuzz_test

import (
	"os"
	"runtime/debug"
)

// The fuzzing coordinator discards its workers' output, so a fatal error
// (a stack overflow, a concurrent map write) in a worker shows only as
// "terminated unexpectedly". FUZZ_CRASH_LOG names a file to keep it in.
func init() {
	if name := os.Getenv("FUZZ_CRASH_LOG"); name != "" {
		if f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
			debug.SetCrashOutput(f, debug.CrashOptions{})
		}
	}
}
