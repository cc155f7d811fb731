package app

import (
	"log"

	"extratypes/web"
)

func Handle(c *web.Ctx) {
	go func() { log.Println(c.Path()) }() // want `ctxcopy: c \(\*web.Ctx\) is used by a goroutine .* call c.Copy\(\)`
	cp := c.Copy()
	go func() { log.Println(cp.Path()) }()
}
