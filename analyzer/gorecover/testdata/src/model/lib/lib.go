// Package lib is a service layer that never imports gin: what its
// functions do with their parameters reaches the handlers through facts.
package lib

import "encoding/json"

func Third(parts []string) string { return parts[2] } // want Third:`panics\(param 0: index out of range in lib.Third at lib.go:7\)`

func SafeThird(parts []string) string {
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

func Ratio(total, n int) int { return total / n } // want Ratio:`panics\(param 1: division by zero in lib.Ratio at lib.go:16\)`

// Check is a precondition with a fixed message: it panics on the value
// it is given.
func Check(n int) { // want Check:`panics\(param 0: panic in lib.Check at lib.go:22\)`
	if n > 100 {
		panic("too many")
	}
}

// Decode returns what it decodes from its parameter.
func Decode(b []byte) map[string]any {
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func User(m map[string]any) string { return m["user"].(string) } // want User:`panics\(param 0: type assertion without comma-ok in lib.User at lib.go:33\)`

type Entry struct{ Name string }

type Registry struct{ m map[string]*Entry }

func NewRegistry() *Registry { return &Registry{m: map[string]*Entry{}} }

// Find returns nil for a key it does not know.
func (r *Registry) Find(k string) *Entry {
	e, ok := r.m[k]
	if !ok {
		return nil
	}
	return e
}

// Stats' map is made by its constructor; a literal elsewhere may leave
// it out.
type Stats struct {
	Name   string
	Counts map[string]int
}

func NewStats(name string) *Stats { return &Stats{Name: name, Counts: map[string]int{}} }

// A generic table whose maps its constructor makes: a field of
// table[V] is one field, whatever V is where it is written.
type table[V any] struct{ byKey map[string]V }

func newTable[V any]() *table[V] { return &table[V]{byKey: map[string]V{}} }

func (t *table[V]) Put(k string, v V) { t.byKey[k] = v }

var Names = newTable[string]()

// NotifyLater starts a goroutine that indexes what it is given: a
// handler passing outside data starts a goroutine that can crash.
func NotifyLater(items []string) { // want NotifyLater:`starts\(go statement at lib.go:\d+ if params 1\)`
	go func() {
		println(items[1])
	}()
}
