package api // want package:"ctxcancel analysed"

import (
	"context"
	"net/http"

	"dispatch/svc"
)

type Handler struct {
	mail   svc.Mailer
	notify svc.Notifier
}

func (h *Handler) Signup(w http.ResponseWriter, r *http.Request) {
	h.mail.Send(r.Context(), "a@example.com") // want `h.mail.Send is called with r.Context\(\) and hands it to a goroutine it does not wait for \(\(\*svc.smtp\).Send: go statement at svc.go:\d+ calls m.db.ExecContext\)`
	h.mail.Send(context.WithoutCancel(r.Context()), "a@example.com")
	h.notify.Notify(r.Context(), "a@example.com") // its only implementation waits
}

// Relay passes its own context on: a fact of its own, reported at the
// handler that hands it the request's.
func (h *Handler) Relay(ctx context.Context) { // want Relay:`ctxcancel observes 0 \(h.mail.Send at api.go:\d+\) detaches 0 \(via h.mail.Send: \(\*svc.smtp\).Send: go statement at svc.go:\d+ calls m.db.ExecContext\)`
	h.mail.Send(ctx, "b@example.com")
}

func (h *Handler) Invite(w http.ResponseWriter, r *http.Request) {
	h.Relay(r.Context()) // want `h.Relay is called with r.Context\(\) and hands it to a goroutine it does not wait for \(via h.mail.Send: \(\*svc.smtp\).Send: go statement at svc.go:\d+ calls m.db.ExecContext\)`
}
