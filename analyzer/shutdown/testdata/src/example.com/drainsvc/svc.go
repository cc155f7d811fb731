// Package drainsvc is a service layer: it starts goroutines for the
// handlers that call it.
package drainsvc

import (
	"context"
	"sync"

	"gorm.io/gorm"
)

type Event struct{ Kind string }

type Service struct {
	db *gorm.DB
	wg sync.WaitGroup
}

// Notify stores the event on a goroutine nothing counts: lost on a
// deploy.
func (s *Service) Notify(e Event) {
	go s.store(e)
}

// Audit stores the event on a goroutine counted on s.wg, which Close
// waits for: drained when main calls Close after Shutdown.
func (s *Service) Audit(e Event) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.store(e)
	}()
}

func (s *Service) store(e Event) {
	s.db.WithContext(context.Background()).Create(&e)
}

// Close waits for the audit goroutines.
func (s *Service) Close() { s.wg.Wait() }
