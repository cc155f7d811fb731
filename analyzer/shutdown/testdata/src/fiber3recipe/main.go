// Package main is the same recipe on fiber v3, with a deadline: main
// still returns before ShutdownWithTimeout has drained.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v3"
)

func main() {
	app := fiber.New()
	go func() {
		quit := make(chan os.Signal, 1)
		signal.Notify(quit, os.Interrupt, syscall.SIGTERM)
		<-quit
		app.ShutdownWithTimeout(10 * time.Second)
	}()
	if err := app.Listen(":3000"); err != nil { // want `shutdown: main returns as soon as app.Listen does, which is the moment app.ShutdownWithTimeout starts`
		log.Panic(err)
	}
}

// graceful gives Listen a GracefulContext: Listen shuts the app down
// itself once the signal context is done.
func graceful() {
	app := fiber.New()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app.Listen(":3000", fiber.ListenConfig{GracefulContext: ctx})
}

// plain serves with nothing to stop it.
func plain() {
	app := fiber.New()
	app.Listen(":3000") // want `shutdown: app.Listen serves until the process dies: nothing in the package calls app.Shutdown`
}
