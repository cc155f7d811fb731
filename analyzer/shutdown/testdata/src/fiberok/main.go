// Package main is fiber's recipe with Listen on a goroutine: main calls
// ShutdownWithTimeout itself and cleans up once it returns.
package main

import (
	"database/sql"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
)

var db *sql.DB

func main() {
	app := fiber.New()
	go func() {
		if err := app.Listen(":3000"); err != nil {
			log.Panic(err)
		}
	}()
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, os.Interrupt, syscall.SIGTERM)
	<-quit
	if err := app.ShutdownWithTimeout(10 * time.Second); err != nil {
		log.Print(err)
	}
	db.Close()
}
