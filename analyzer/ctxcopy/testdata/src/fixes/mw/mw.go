// Package mw holds helpers a handler package calls with its context.
package mw

import "github.com/gin-gonic/gin"

// User reads the request's user from c's keys: a copy answers the same.
func User(c *gin.Context) string { return c.GetString("user") } // want User:`copysafe\[0\]`

// Fail writes the response: a copy cannot, so it has no fact.
func Fail(c *gin.Context, code int) { c.JSON(code, gin.H{}) }

// Audit is shaped as a handler (middleware is registered, not called
// from a goroutine): no fact, whatever it does.
func Audit(c *gin.Context) { _ = c.ClientIP() }
