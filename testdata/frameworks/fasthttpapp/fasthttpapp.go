// Package fasthttpapp checks ctxcopy against the real fasthttp module.
package fasthttpapp

import (
	"log"

	"github.com/valyala/fasthttp"
)

func Handler(ctx *fasthttp.RequestCtx) {
	go func() {
		log.Println(string(ctx.Path())) // want `ctxcopy: ctx \(\*fasthttp.RequestCtx\) is used by a goroutine`
	}()
	path := string(ctx.Path()) // string() copies
	go func() { log.Println(path) }()
}
