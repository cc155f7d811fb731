// Package zerolog is a stub of github.com/rs/zerolog (value-only).
package zerolog

import "context"

type Logger struct{}

type Event struct{}

func Ctx(ctx context.Context) *Logger           { return &Logger{} }
func (l *Logger) Info() *Event                  { return &Event{} }
func (e *Event) Ctx(ctx context.Context) *Event { <-ctx.Done(); return e }
func (e *Event) Msg(string)                     {}
