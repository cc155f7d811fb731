// Package web is a project's own framework with a pooled context,
// configured with -context-types.
package web

type Ctx struct{ path string }

func (c *Ctx) Path() string { return c.path }
func (c *Ctx) Copy() *Ctx   { cp := *c; return &cp }
