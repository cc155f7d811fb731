package shutdown_test

import (
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer/shutdown"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

// No handle to shut down: gin's Run*, http.ListenAndServe.
func TestRun(t *testing.T) {
	ruletest.Run(t, shutdown.NewAnalyzer(), "run", "sideserver", "metrics")
}

// A server nothing stops, each tracked by its variable or field.
func TestNoShutdown(t *testing.T) {
	ruletest.Run(t, shutdown.NewAnalyzer(), "noshutdown", "lib", "echofiber")
}

func TestErrServerClosed(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, shutdown.NewAnalyzer(), "errclosed")
}

// main serving while another goroutine shuts down, and returning first.
func TestMainWaits(t *testing.T) {
	ruletest.Run(t, shutdown.NewAnalyzer(), "mainwait", "mainwaits")
}

func TestDeadline(t *testing.T) {
	ruletest.Run(t, shutdown.NewAnalyzer(), "deadline")
}

func TestSignals(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, shutdown.NewAnalyzer(), "signals")
}

func TestFullPattern(t *testing.T) {
	ruletest.Run(t, shutdown.NewAnalyzer(), "full")
}
