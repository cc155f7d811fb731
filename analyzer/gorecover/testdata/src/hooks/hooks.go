// Package hooks has goroutines whose only reason to panic is a function
// value whose source the package does not show; -gorecover.hooks reports
// them (canpanic.Callbacks is the same code, silent by default).
package hooks

import "github.com/gin-gonic/gin"

type Hooks struct{ OnDone func() }

var handlers = map[string]func(){}

func Callbacks(h *Hooks, f func()) gin.HandlerFunc {
	return func(c *gin.Context) {
		go func() { // want `call of OnDone, a function value from a field`
			h.OnDone()
		}()
		go func() { // want `call of f, a function value supplied from outside the goroutine`
			f()
		}()
		go func() { // want `call of a function value`
			handlers[c.Query("kind")]()
		}()
	}
}
