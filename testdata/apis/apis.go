// Package apis imports the real modules whose APIs internal/flow's
// knowledge table names, so that make deps downloads them and TestAPIs
// checks the table against them.
package apis

import (
	_ "github.com/cloudwego/hertz/pkg/app"
	_ "github.com/gin-gonic/gin"
	_ "github.com/gofiber/fiber/v2"
	_ "github.com/labstack/echo/v4"
	_ "github.com/valyala/fasthttp"
)
