// Package bus has func-typed fields filled each way: with the package's
// own functions (a default, its own wiring), and from outside (a callback
// registered by another package, a hook it never sets).
package bus

// Downloader's Fetch is a default its constructor sets (alist's
// net.Downloader.HttpClient).
type Downloader struct {
	Fetch func(url string) error
}

func NewDownloader() *Downloader { return &Downloader{Fetch: defaultFetch} }

func defaultFetch(url string) error { return nil }

func (d *Downloader) Download(url string) error { return d.Fetch(url) }

// Recorder's onLoss is set by its exported setter, which only this
// package calls, with a literal (fast-gin's IVFRecorderWriter.pliFn).
type Recorder struct {
	onLoss func()
	seq    int
}

func (r *Recorder) SetOnLoss(f func()) { r.onLoss = f }

func (r *Recorder) Write(seq int) {
	if seq != r.seq+1 && r.onLoss != nil {
		r.onLoss()
	}
	r.seq = seq
}

func NewRecorder() *Recorder {
	r := &Recorder{}
	r.SetOnLoss(func() { println("loss") })
	return r
}

// Checker's check is the package's own literal, and it can panic.
type Checker struct{ check func(v any) }

func NewChecker() *Checker {
	return &Checker{check: func(v any) { println(v.(string)) }}
}

func (c *Checker) Check(v any) { c.check(v) }

// Bus's onEvent is registered by its exported setter, which the package
// never calls: a callback of another package's.
type Bus struct{ onEvent func() }

func (b *Bus) OnEvent(f func()) { b.onEvent = f }

func (b *Bus) Fire() { b.onEvent() }

// Pipe's sink is set by its setter, called with what Wire's caller
// passes: a callback again.
type Pipe struct{ sink func() }

func (p *Pipe) setSink(f func()) { p.sink = f }

func Wire(p *Pipe, f func()) { p.setSink(f) }

func (p *Pipe) Flush() { p.sink() }

// Hooks.AfterSave is exported and never set here: a hook.
type Hooks struct{ AfterSave func() }

func (h *Hooks) Save() { h.AfterSave() }
