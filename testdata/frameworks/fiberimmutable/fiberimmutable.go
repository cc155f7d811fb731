// Package fiberimmutable runs its fiber app with Config.Immutable: the
// strings and bytes its contexts return are copies (issue 22); the
// pooled views are not.
package fiberimmutable

import (
	"log"

	"github.com/gofiber/fiber/v2"
)

func New() *fiber.App {
	app := fiber.New(fiber.Config{Immutable: true})
	app.Get("/users/:id", func(c *fiber.Ctx) error {
		id := c.Params("id") // a copy under Immutable
		body := c.Body()     // getBody copies too
		go func() { log.Println(id, len(body)) }()
		req := c.Request() // still fasthttp's pooled request
		go func() {
			log.Println(req.URI()) // want `ctxcopy: req holds c \(\*fiber.Ctx\) and is used by a goroutine`
		}()
		go func() {
			log.Println(c.Path()) // want `ctxcopy: c \(\*fiber.Ctx\) is used by a goroutine`
		}()
		return nil
	})
	return app
}
