// Package fiberv3app checks ctxcopy against the real fiber v3 module,
// whose Ctx is an interface (issue 24).
package fiberv3app

import (
	"context"
	"log"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/utils/v2"
)

func Register(app *fiber.App) {
	app.Get("/users/:id", func(c fiber.Ctx) error {
		id := c.Params("id") // aliases fasthttp's request buffer
		go func() {
			log.Println(id) // want `ctxcopy: id holds c \(fiber.Ctx\) and is used by a goroutine`
		}()
		safe := utils.CopyString(c.Params("id"))
		go func() { log.Println(safe) }()
		// Context returns the user's context.Context (Background unless a
		// middleware set one), not pooled memory.
		ctx := c.Context()
		go func() { _ = ctx.Err() }()
		return c.SendString("ok")
	})
}

func Direct(c fiber.Ctx) error {
	go func() {
		log.Println(c.Path()) // want `ctxcopy: c \(fiber.Ctx\) is used by a goroutine`
	}()
	return nil
}

// AsContext: fiber v3's Ctx is a context.Context itself; handing it on as
// one still hands the goroutine the pooled Ctx.
func AsContext(c fiber.Ctx) error {
	go work(c) // want `ctxcopy: c \(fiber.Ctx\) is handed to a goroutine`
	return nil
}

func work(ctx context.Context) { <-ctx.Done() }
