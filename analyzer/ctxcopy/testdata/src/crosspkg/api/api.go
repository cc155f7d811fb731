package api

import (
	"github.com/gin-gonic/gin"

	"crosspkg/svc"
)

func Handler(c *gin.Context) {
	s := &svc.Service{}
	s.Fire(c, "hi") // want `ctxcopy: c \(\*gin.Context\) is passed as ctx to \(\*svc.Service\).Fire, which hands it to a goroutine that can outlive the handler \(go statement at svc.go:11\)`
	s.Fire(c.Copy(), "hi")
	s.Fire(c.Request.Context(), "hi")
	s.Wait(c, "hi")
	svc.Relay(nil, c) // want `ctxcopy: c \(\*gin.Context\) is passed as ctx to svc.Relay`
}
