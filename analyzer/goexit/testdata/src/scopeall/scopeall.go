package scopeall

import "time"

func work() {}

// With -goexit.scope=all, setup code is checked too.
func StartCron() {
	go func() { // want `goexit: this goroutine never finishes: its for loop has no return, no break out of it and no case for cancellation, so it runs until the process exits, and nothing can stop it`
		for {
			work()
			time.Sleep(time.Minute)
		}
	}()
}

// A stop channel makes it finish.
func StartCronStop(stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				work()
			case <-stop:
				return
			}
		}
	}()
}

type Syncer struct{ ticker *time.Ticker }

// Regression (LyricTian/gin-admin): Release stops the ticker to end
// autoLoad, but Stop does not close the channel autoLoad ranges over.
func (s *Syncer) autoLoad() { // want autoLoad:`goexit\(endless: range over s.ticker.C at scopeall.go:\d+\)`
	s.ticker = time.NewTicker(time.Minute)
	for range s.ticker.C {
		work()
	}
}

func (s *Syncer) Load() {
	go s.autoLoad() // want `goexit: this goroutine never finishes: it runs \(\*scopeall.Syncer\).autoLoad, whose loop never ends \(range over s.ticker.C at scopeall.go:\d+; Stop does not close a ticker's channel\), so it runs until the process exits, and nothing can stop it`
}

func (s *Syncer) Release() { s.ticker.Stop() }

// Regression (apache/answer, nezha): the ticker's channel in a variable.
func StartSaver() {
	go func() { // want `goexit: this goroutine never finishes: its range over tick has no return, no break out of it and no case for cancellation, so`
		tick := time.Tick(time.Minute)
		for range tick {
			work()
		}
	}()
}

// The variable is set again: we cannot tell what it holds.
func StartSaverSwitch(alt <-chan time.Time) {
	go func() {
		tick := time.Tick(time.Minute)
		if alt != nil {
			tick = alt
		}
		for range tick {
			work()
		}
	}()
}
