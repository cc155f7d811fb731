// Package drainweb holds the handlers: they call the service layer, which
// starts the goroutines.
package drainweb

import (
	"net/http"

	"example.com/drainsvc"
	"github.com/gin-gonic/gin"
)

type Handler struct{ Svc *drainsvc.Service }

func (h *Handler) Create(c *gin.Context) {
	h.Svc.Notify(drainsvc.Event{Kind: "created"})
	h.Svc.Audit(drainsvc.Event{Kind: "created"})
	c.Status(http.StatusCreated)
}

func Routes(r *gin.Engine, h *Handler) {
	r.POST("/items", h.Create)
}
