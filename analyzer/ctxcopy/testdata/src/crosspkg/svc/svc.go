package svc // want package:"has handoffs"

import (
	"context"
	"log"
)

type Service struct{}

func (s *Service) Fire(ctx context.Context, msg string) { // want Fire:`handoff\(ctx: go statement at svc.go:11\)`
	go s.send(ctx, msg)
}

func (s *Service) send(ctx context.Context, msg string) { log.Println(ctx.Value("k"), msg) }

func (s *Service) Wait(ctx context.Context, msg string) {
	done := make(chan bool)
	go func() {
		s.send(ctx, msg)
		done <- true
	}()
	<-done
}

func Relay(x any, ctx context.Context) { // want Relay:`handoff\(ctx: via \(\*svc.Service\).Fire\)`
	new(Service).Fire(ctx, "relay")
}
