// Package main is the fiber recipe with the wait it lacks: main waits for
// the signal goroutine, so Shutdown() without a deadline can hang the
// deploy.
package main

import (
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/gofiber/fiber/v2"
)

func main() {
	app := fiber.New()
	done := make(chan struct{})
	go func() {
		quit := make(chan os.Signal, 1)
		signal.Notify(quit, os.Interrupt, syscall.SIGTERM)
		<-quit
		app.Shutdown() // want `shutdown: app.Shutdown\(\) has no deadline \(it is ShutdownWithContext\(context.Background\(\)\)\): .* call app.ShutdownWithTimeout with a timeout`
		close(done)
	}()
	if err := app.Listen(":3000"); err != nil {
		log.Panic(err)
	}
	<-done
}
