package api

import (
	"github.com/gin-gonic/gin"

	_ "example.com/iface/mail" // wires mail.Async in (main would, in a real service)
	"example.com/iface/notify"
	"example.com/iface/svc"
)

type Handler struct {
	n notify.Notifier
	a notify.Auditor
}

func (h *Handler) Create(c *gin.Context) {
	h.n.Notify(c, "created") // want `ctxcopy: c \(\*gin.Context\) is passed as ctx to \(notify.Notifier\).Notify, whose implementation \(\*mail.Async\).Notify hands it to a goroutine that can outlive the handler \(go statement at mail.go:14\); .* — pass c.Copy\(\) instead`
	h.n.Notify(c.Copy(), "created")
	h.n.Notify(c.Request.Context(), "created")
	_ = h.a.Audit(c, "created") // no implementation hands ctx off
}

func (h *Handler) Order(c *gin.Context) {
	o := &svc.Orders{N: h.n}
	o.Place(c, "1") // want `ctxcopy: c \(\*gin.Context\) is passed as ctx to \(\*svc.Orders\).Place, which hands it to a goroutine that can outlive the handler \(via \(\*mail.Async\).Notify, implementing \(notify.Notifier\).Notify\)`
	o.Place(c.Copy(), "1")
}
