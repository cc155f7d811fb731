// Package svc is a service layer that never imports gin: the goroutines
// its functions start reach the handlers through facts.
package svc

import (
	"log"
	"os"
	"time"
)

var ready bool

func work() {
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

type Syncer struct{}

// Sync starts a goroutine that can panic and does not recover.
func (s *Syncer) Sync() { go s.run() }

func (s *Syncer) run() { work() }

// Kick starts one two calls down.
func Kick() { kick() }

func kick() {
	go func() {
		work()
	}()
}

// Poll starts one too.
func Poll() {
	go func() { work() }()
}

// SafeSync's goroutine recovers.
func SafeSync() {
	go func() {
		defer func() { recover() }()
		work()
	}()
}

// Tick's goroutine cannot panic.
func Tick() {
	go func() { log.Print("tick") }()
}

// Watchdog's panic is its purpose.
func Watchdog() {
	go func() {
		time.Sleep(time.Minute)
		panic("request stuck: dumping goroutines")
	}()
}

// RunTask recovers the tasks it runs.
func RunTask(f func()) {
	go func() {
		defer func() { recover() }()
		f()
	}()
}

type Notifier interface{ Notify() }

type Mailer struct{}

func (Mailer) Notify() {
	go func() { work() }()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
