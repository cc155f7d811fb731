// Package route is a stub of github.com/cloudwego/hertz/pkg/route
// (v0.10.4 signatures): the Engine's serving and stopping methods.
package route

import (
	"context"

	"github.com/cloudwego/hertz/pkg/app"
)

type Engine struct{}

func (engine *Engine) GET(relativePath string, handlers ...app.HandlerFunc) {}
func (engine *Engine) Run() error                                           { return nil }
func (engine *Engine) Shutdown(ctx context.Context) error                   { return nil }
func (engine *Engine) Close() error                                         { return nil }
