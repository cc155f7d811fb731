// Package fiberapp checks ctxcopy against the real fiber v2 module.
package fiberapp

import (
	"log"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
)

func Register(app *fiber.App) {
	app.Get("/users/:id", func(c *fiber.Ctx) error {
		id := c.Params("id") // aliases fasthttp's request buffer
		go func() {
			log.Println(id) // want `ctxcopy: id holds c \(\*fiber.Ctx\) and is used by a goroutine`
		}()
		safe := utils.CopyString(c.Params("id"))
		go func() { log.Println(safe) }()
		return c.SendString("ok")
	})
}

func Direct(c *fiber.Ctx) error {
	go func() {
		log.Println(c.Path()) // want `ctxcopy: c \(\*fiber.Ctx\) is used by a goroutine`
	}()
	return nil
}
