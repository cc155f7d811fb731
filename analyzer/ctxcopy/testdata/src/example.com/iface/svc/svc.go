package svc // want package:"has handoffs"

// A service layer between the controller and the notifier interface: the
// handoff through the interface becomes the service's own fact.

import (
	"context"

	_ "example.com/iface/mail" // the implementation the service is wired with
	"example.com/iface/notify"
)

type Orders struct{ N notify.Notifier }

func (o *Orders) Place(ctx context.Context, id string) { // want Place:`handoff\(ctx: via \(\*mail.Async\).Notify, implementing \(notify.Notifier\).Notify\)`
	o.N.Notify(ctx, "placed "+id)
}
