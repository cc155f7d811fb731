// The facts of this package are checked by TestEndToEndFacts (analyzer/e2e_test.go).

// Package service is a layer that never imports gin: its methods take a
// context.Context, and one of them hands it to a goroutine it does not
// wait for. Controllers that pass *gin.Context there are ctxcopy bugs.
package service

import (
	"context"
	"log"
)

type Mailer struct{}

func (m *Mailer) Send(ctx context.Context, to string) error {
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
func (s *UserService) Create(ctx context.Context, name string) error {
	go s.mail.Send(ctx, name)
	return nil
}

// Get does not start goroutines.
func (s *UserService) Get(ctx context.Context, id string) (string, error) {
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
func (s *UserService) Notify(ctx context.Context, name string) {
	_ = s.Create(ctx, name)
}
