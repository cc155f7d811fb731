// Package obs is a project's observability package: a logger, and a
// recover helper the project configures as -gorecover.helper.
package obs

func Info(msg string) {}

// Recover reports a panic to the error tracker. Configured, not inferred:
// it recovers through a library the analysis does not see.
func Recover() { report(recoverValue()) }

func recoverValue() any { return nil }
func report(any)        {}
