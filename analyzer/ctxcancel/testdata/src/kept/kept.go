package kept

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

type H struct{ db *gorm.DB }

type row struct{ ID int }

// The request's context kept in a gorm session made in the handler: the
// detached insert runs under it and fails with context canceled.
func (h *H) Create(c *gin.Context) {
	db := h.db.WithContext(c.Request.Context())
	go func() {
		db.Create(&row{ID: 1}) // want `ctxcancel: db.Create runs under c.Request.Context\(\), which db keeps, on a goroutine that can outlive the handler; .* — make db for the goroutine with context.WithoutCancel\(...\) of the request's context`
	}()
	c.Status(http.StatusAccepted)
}

// Through a builder step.
func (h *H) Chain(c *gin.Context) {
	db := h.db.WithContext(c.Request.Context()).Model(&row{})
	go func() {
		db.Where("id = ?", 1).Create(&row{ID: 2}) // want `ctxcancel: .*Create runs under c.Request.Context\(\), which db keeps`
	}()
}

// The look-alike: a session over a detached context.
func (h *H) Detached(c *gin.Context) {
	db := h.db.WithContext(context.WithoutCancel(c.Request.Context()))
	go func() {
		db.Create(&row{ID: 3})
	}()
}

// The look-alike: the handler waits.
func (h *H) Waited(c *gin.Context) {
	db := h.db.WithContext(c.Request.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.Create(&row{ID: 4})
	}()
	<-done
}

// A request made with the request's context, sent by a detached
// goroutine.
func Forward(c *gin.Context) {
	req, err := http.NewRequestWithContext(c.Request.Context(), http.MethodPost, "http://audit/", nil)
	if err != nil {
		return
	}
	go func() {
		_ = req.Context()
		resp, err := http.DefaultClient.Do(req) // want `ctxcancel: http.DefaultClient.Do runs under c.Request.Context\(\), which req keeps`
		if err == nil {
			resp.Body.Close()
		}
	}()
}
