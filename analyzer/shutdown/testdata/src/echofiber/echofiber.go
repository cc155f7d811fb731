package main

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.Start(":1323") // want `shutdown: e.Start serves until the process dies: nothing in the package calls e.Shutdown`

	app := fiber.New()
	app.Listen(":3000") // want `shutdown: app.Listen serves until the process dies: nothing in the package calls app.Shutdown`
}

func echoGraceful(ctx context.Context) { // want echoGraceful:`stops\(\[0\]: e\.Shutdown at echofiber\.go:25\)`
	e := echo.New()
	go e.Start(":1323")
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e.Shutdown(sctx)
}

func fiberGraceful(ctx context.Context) { // want fiberGraceful:`stops\(\[0\]: app\.ShutdownWithTimeout at echofiber\.go:32\)`
	app := fiber.New()
	go app.Listen(":3000")
	<-ctx.Done()
	app.ShutdownWithTimeout(10 * time.Second)
}

// echo serves through e.Server: shutting that down stops e.Start.
func echoServerField(ctx context.Context) { // want echoServerField:`stops\(\[0\]: e\.Server\.Shutdown at echofiber\.go:42\)`
	e := echo.New()
	go e.Start(":1323")
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e.Server.Shutdown(sctx)
}
