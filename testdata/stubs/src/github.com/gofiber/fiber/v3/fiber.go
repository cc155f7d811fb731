// Package fiber is a stub of github.com/gofiber/fiber/v3 (v3.1.0
// signatures): the App's serving and stopping methods.
package fiber

import (
	"context"
	"time"
)

type Ctx interface {
	Context() context.Context
	SendString(body string) error
}

type Handler = func(Ctx) error

type App struct{}

func New() *App { return &App{} }

type ListenConfig struct {
	GracefulContext context.Context
	ShutdownTimeout time.Duration
}

func (app *App) Get(path string, handler any, handlers ...any)    {}
func (app *App) Listen(addr string, config ...ListenConfig) error { return nil }
func (app *App) Shutdown() error                                  { return nil }
func (app *App) ShutdownWithTimeout(timeout time.Duration) error  { return nil }
func (app *App) ShutdownWithContext(ctx context.Context) error    { return nil }
