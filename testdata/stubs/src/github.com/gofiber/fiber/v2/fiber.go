// Package fiber is a stub of github.com/gofiber/fiber/v2.
package fiber

import "github.com/valyala/fasthttp"

type Ctx struct{}

func (c *Ctx) Params(key string, defaultValue ...string) string { return "" }
func (c *Ctx) Query(key string, defaultValue ...string) string  { return "" }
func (c *Ctx) Body() []byte                                     { return nil }
func (c *Ctx) Get(key string, defaultValue ...string) string    { return "" }
func (c *Ctx) JSON(data any, ctype ...string) error             { return nil }
func (c *Ctx) SendString(body string) error                     { return nil }
func (c *Ctx) Context() *fasthttp.RequestCtx                    { return nil }
func (c *Ctx) Locals(key any, value ...any) any                 { return nil }

type Handler = func(*Ctx) error

type App struct{}

func New() *App                                       { return &App{} }
func (app *App) Get(path string, handlers ...Handler) {}
func (app *App) Listen(addr string) error             { return nil }
func (app *App) Shutdown() error                      { return nil }
