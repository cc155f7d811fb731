// Package hertzapp checks ctxcopy against the real hertz module.
package hertzapp

import (
	"context"
	"log"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

func Register(h *server.Hertz) {
	h.GET("/ping", func(ctx context.Context, c *app.RequestContext) {
		go func() {
			log.Println(string(c.Path())) // want `ctxcopy: c \(\*app.RequestContext\) is used by a goroutine that can outlive the handler; hertz recycles`
		}()
		cp := c.Copy()
		go func() {
			log.Println(string(cp.Path()))
		}()
		c.String(consts.StatusOK, "pong")
	})
}

func LateCopy(ctx context.Context, c *app.RequestContext) {
	go func() {
		cp := c.Copy() // want `ctxcopy: c.Copy\(\) runs inside the goroutine`
		log.Println(cp.Query("q"))
	}()
}
