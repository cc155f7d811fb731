package shutdown_test

import (
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer/shutdown"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

// No handle to shut down: gin's Run*, http.ListenAndServe.
func TestRun(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "run", "sideserver", "metrics")
}

// A server nothing stops, each tracked by its variable or field.
func TestNoShutdown(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "noshutdown", "lib", "echofiber")
}

func TestErrServerClosed(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, shutdown.Rule.Analyzer(), "errclosed")
}

// SIGTERM: a deferred Shutdown with no signal handling; the signal and
// the stop in different functions and packages (StopsFact).
func TestSIGTERM(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "deferstop", "deferstopsig", "sigsplit", "sigmain", "sigreload", "sigcancel", "sigwrap")
}

// Servers kept in a slice or map, tracked by the collection.
func TestCollection(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "collection", "fieldcopy")
}

// main serving while another goroutine shuts down, and returning first.
func TestMainWaits(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "mainwait", "mainwaits")
}

func TestDeadline(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "deadline", "earlydeadline")
}

func TestSignals(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, shutdown.Rule.Analyzer(), "signals")
}

func TestFullPattern(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "full")
}

// The drain check: goroutines request handlers start doing durable work,
// reported at main's Shutdown unless something waits for them; in one
// package, drained shapes only, and across packages (a service layer).
func TestDrain(t *testing.T) {
	a := shutdown.Rule.Analyzer()
	if err := a.Flags.Set("shutdown."+shutdown.FlagDrain, "true"); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "drain", "drainok", "draincross", "drainserver", "drainmain")
}

// Serving shapes: fiber's recipe (v2, v3) and Shutdown() without a
// deadline, hertz's Run beside Spin, a deadline derived from a context
// that is already done.
func TestShapes(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "fiberrecipe", "fiberwait", "fiberok", "fiber3recipe", "hertzrun", "donectx")
}

// Precision: side servers built in another package and with their own
// http.Server, a hijacked connection served in a handler, test support.
func TestPrecision(t *testing.T) {
	ruletest.Run(t, shutdown.Rule.Analyzer(), "sidecross", "pprofserver", "hijack", "testsupport")
}
