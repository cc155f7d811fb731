// Package server is a stub of github.com/cloudwego/hertz/pkg/app/server
// (v0.10.4 signatures).
package server

import "github.com/cloudwego/hertz/pkg/route"

type Hertz struct {
	*route.Engine
}

func Default() *Hertz { return &Hertz{Engine: &route.Engine{}} }
func New() *Hertz     { return &Hertz{Engine: &route.Engine{}} }

// Spin serves, and shuts down gracefully on SIGINT, SIGHUP or SIGTERM.
func (h *Hertz) Spin() {}
