// Package stream is a stub of github.com/sourcegraph/conc/stream (v0.3.0).
package stream

type Stream struct{}

type Task func() Callback

type Callback func()

func New() *Stream          { return &Stream{} }
func (s *Stream) Go(f Task) {}
func (s *Stream) Wait()     {}
