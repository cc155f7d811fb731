// Package mw holds helpers a handler package calls with its context.
package mw

import "github.com/gin-gonic/gin"

// User reads the request's user from c's keys: a copy answers the same.
func User(c *gin.Context) string { return c.GetString("user") } // want User:`copysafe\[0\]`

// Fail writes the response: a copy cannot (the fact says so).
func Fail(c *gin.Context, code int) { c.JSON(code, gin.H{}) } // want Fail:`writes\[0\]`

// Audit is shaped as a handler (middleware is registered, not called
// from a goroutine): no fact, whatever it does.
func Audit(c *gin.Context) { _ = c.ClientIP() }

// Forward hands c to a function nobody sees (a function value): neither
// copy-safe nor known to write, so no fact.
func Forward(c *gin.Context, f func(*gin.Context)) { f(c) }
