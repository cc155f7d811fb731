// Package plugin runs code the analysis does not see (configured with
// -gorecover.panickers).
package plugin

func Run(name string) {}
func Name() string    { return "" }
