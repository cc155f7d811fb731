// Package fields has goroutines calling func-typed fields: those the
// package that declares them fills with its own functions are what those
// functions do; callbacks registered from outside and hooks are reasons.
package fields

import (
	"example.com/bus"

	"github.com/gin-gonic/gin"
)

func Download(c *gin.Context) {
	d := bus.NewDownloader()
	go d.Download(c.Query("url"))
	r := bus.NewRecorder()
	go r.Write(2)
}

func Check(c *gin.Context, ch *bus.Checker) {
	go ch.Check(c.Query("v")) // want `Check can panic \(call of check, which can panic: bus.go:\d+: type assertion without comma-ok in \(\*bus.Checker\).Check`
}

func Events(c *gin.Context, b *bus.Bus, p *bus.Pipe, h *bus.Hooks) {
	b.OnEvent(func() { println("event") })
	go b.Fire()  // want `Fire can panic \(call of onEvent, a function the package's callers register \(a handler, hook or plugin: code it does not control\)`
	go p.Flush() // want `Flush can panic \(call of sink, a function value from a field`
	go h.Save()  // want `Save can panic \(call of AfterSave, a function value from a field`
}

// In this package: a field its own constructor fills with a literal that
// cannot panic, beside one whose literal can.
type worker struct {
	step func(n int) int
	pick func(xs []int, i int) int
}

func newWorker() *worker {
	return &worker{
		step: func(n int) int { return n + 1 },
		pick: func(xs []int, i int) int { return xs[i] },
	}
}

func Work(c *gin.Context, xs []int) {
	w := newWorker()
	go func() {
		println(w.step(1))
	}()
	go func() { // want `call of pick, which can panic: fields.go:\d+: index with a computed index`
		println(w.pick(xs, 3))
	}()
}

// A logger whose level funcs come from a factory (a local literal
// returning literals), a named no-op, and copies of the fields
// (cloudreve's logging.consoleLogger): what the factory's literals do.
type logFunc func(l *logger, s string)

type logger struct {
	warn   logFunc
	info   logFunc
	prefix string
}

func noop(*logger, string) {}

func newLogger(quiet bool) *logger {
	level := func(name string) logFunc {
		return func(l *logger, s string) { println(name, l.prefix, s) }
	}
	l := &logger{warn: level("warn"), info: level("info")}
	if quiet {
		l.info = noop
	}
	return l
}

func (l *logger) withPrefix(p string) *logger {
	return &logger{warn: l.warn, info: l.info, prefix: l.prefix + p}
}

func (l *logger) Warn(s string) { l.warn(l, s) }

// A factory that can return a literal that panics, and one that returns
// something it does not build itself.
type picker struct {
	pick  func(xs []int) int
	other func()
}

func pickAt(i int) func(xs []int) int {
	return func(xs []int) int { return xs[i] }
}

func newPicker(f func()) *picker {
	mk := func() func() { return f }
	return &picker{pick: pickAt(2), other: mk()}
}

func Logs(c *gin.Context, xs []int, f func()) {
	l := newLogger(false).withPrefix("req")
	go l.Warn(c.Query("q"))
	p := newPicker(f)
	go func() { // want `call of pick, which can panic: fields.go:\d+: index with a computed index`
		println(p.pick(xs))
	}()
	go func() { // want `call of other, a function value from a field \(a hook or plugin\)`
		p.other()
	}()
}
