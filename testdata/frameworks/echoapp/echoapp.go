// Package echoapp checks ctxcopy against the real echo v4 module.
package echoapp

import (
	"log"
	"net/http"

	"github.com/labstack/echo/v4"
)

func Register(e *echo.Echo) {
	e.GET("/users/:id", func(c echo.Context) error {
		go func() {
			log.Println(c.Param("id")) // want `ctxcopy: c \(echo.Context\) is used by a goroutine that can outlive the handler; echo recycles`
		}()
		id := c.Param("id")
		go func() { log.Println(id) }()
		return c.String(http.StatusOK, id)
	})
}

func Response(c echo.Context) error {
	res := c.Response()
	go func() {
		res.WriteHeader(http.StatusOK) // want `ctxcopy: res holds c \(echo.Context\) and is used`
	}()
	req := c.Request()
	go func() { log.Println(req.URL.Path) }()
	return nil
}
