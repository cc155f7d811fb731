// Package kit is a versioned dependency in no table: it has no facts.
package kit

// RecoverPanic recovers when deferred; its name says so.
func RecoverPanic() {
	if r := recover(); r != nil {
		println(r)
	}
}

// Guard recovers when deferred too, whatever its name.
func Guard() {
	if r := recover(); r != nil {
		println(r)
	}
}

// Spawn is a safe-go wrapper: it runs f on a new goroutine that recovers.
func Spawn(f func()) {
	go func() {
		defer Guard()
		f()
	}()
}

// Span is a value a goroutine releases when it ends: its method, deferred,
// is not a recover helper.
type Span struct{}

func (Span) End() {}
