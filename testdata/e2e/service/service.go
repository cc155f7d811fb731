// want package:"has handoffs" package:"ctxcancel analysed"

// Package service is a layer that never imports gin: its methods take a
// context.Context, and one of them hands it to a goroutine it does not
// wait for. Controllers that pass *gin.Context there are ctxcopy bugs.
package service

import (
	"context"
	"log"
)

type Mailer struct{}

func (m *Mailer) Send(ctx context.Context, to string) error { // want Send:`ctxcancel observes 0 \(ctx.Err at service.go:16\)`
	if err := ctx.Err(); err != nil {
		return err
	}
	log.Printf("mail to %s (request %v)", to, ctx.Value("request_id"))
	return nil
}

type UserService struct {
	mail *Mailer
}

func New() *UserService { return &UserService{mail: &Mailer{}} }

// Create saves the user and sends the welcome mail in the background.
func (s *UserService) Create(ctx context.Context, name string) error { // want Create:`handoff\(ctx: go statement at service.go:31\)` Create:`ctxcancel observes 0 \(s.mail.Send at service.go:31\)`
	go s.mail.Send(ctx, name)
	return nil
}

// Get does not start goroutines.
func (s *UserService) Get(ctx context.Context, id string) (string, error) { // want Get:`ctxcancel observes 0 \(ctx.Err at service.go:37\)`
	return id, ctx.Err()
}

// Audit waits for its goroutine: the context cannot outlive the call.
func (s *UserService) Audit(ctx context.Context, what string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		log.Println(ctx.Value("user"), what)
	}()
	<-done
}

// Notify hands ctx on through Create.
func (s *UserService) Notify(ctx context.Context, name string) { // want Notify:`handoff\(ctx: via \(\*service.UserService\).Create\)` Notify:`ctxcancel observes 0 \(s.Create at service.go:52\)`
	_ = s.Create(ctx, name)
}
