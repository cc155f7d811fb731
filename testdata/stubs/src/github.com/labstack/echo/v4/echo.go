// Package echo is a stub of github.com/labstack/echo/v4.
package echo

import "net/http"

type Context interface {
	Request() *http.Request
	Response() *Response
	Param(name string) string
	QueryParam(name string) string
	JSON(code int, i any) error
	String(code int, s string) error
	Get(key string) any
	Set(key string, val any)
}

type Response struct{ Writer http.ResponseWriter }

type HandlerFunc func(c Context) error

type Echo struct {
	Server    *http.Server
	TLSServer *http.Server
}

func New() *Echo                               { return &Echo{} }
func (e *Echo) GET(path string, h HandlerFunc) {}
func (e *Echo) Start(address string) error     { return nil }
