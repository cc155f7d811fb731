// Package main is the fiber recipe where a signal goroutine calls
// Shutdown and main cleans up after Listen returns: Listen returns the
// moment Shutdown starts, so main exits while connections drain.
// Shutdown() has no deadline, but nothing waits for it here: that is
// reported once main waits for the goroutine (fiberwait).
package main

import (
	"database/sql"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/gofiber/fiber/v2"
)

var db *sql.DB

func main() {
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	go func() {
		quit := make(chan os.Signal, 1)
		signal.Notify(quit, os.Interrupt, syscall.SIGTERM)
		<-quit
		app.Shutdown()
	}()
	if err := app.Listen(":3000"); err != nil { // want `shutdown: main returns as soon as app.Listen does, which is the moment app.Shutdown starts: the process exits without waiting for in-flight requests`
		log.Panic(err)
	}
	log.Print("running cleanup tasks")
	db.Close()
}
