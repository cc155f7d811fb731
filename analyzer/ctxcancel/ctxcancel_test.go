package ctxcancel_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcancel"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

// TestCtxcancel runs the scenarios that use the default configuration in
// one load (std's database/sql and net/http type-check from source once).
func TestCtxcancel(t *testing.T) {
	ruletest.Run(t, ctxcancel.Rule.Analyzer(),
		"sources",      // r.Context(), c.Request.Context(), echo, derived; detached look-alikes
		"observing",    // std I/O, dependencies, the user's functions, interfaces; value-only loggers
		"joins",        // waited-for goroutines beside errgroup without Wait and time.AfterFunc
		"fallback",     // ContextWithFallback set in the package: *gin.Context counts
		"nofallback",   // ...and not set: it does not
		"crosspkg/svc", // facts: a service method that observes ctx...
		"crosspkg/api", // ...reported at the handler's goroutine
		"dispatch/svc", // interface methods: the implementations the handler package sees
		"dispatch/api",
		"shapes/router", // handlers of the application's own shape, served by its adapter...
		"shapes/app",    // ...reported where they are handed to it
		"carriers/svc",  // a context kept in a request-scoped struct...
		"carriers/api",  // ...handed on and read back
		"producers",     // results sent through a function the goroutine calls; stop-signal look-alikes
		"kept",          // the request's context kept in a gorm session or a request made in the handler
	)
}

func TestFixes(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, ctxcancel.Rule.Analyzer(), "fixes")
}

// TestFallbackFlag: -ctxcancel.fallback=on applies to a package that does
// not set ContextWithFallback itself (its router is elsewhere).
func TestFallbackFlag(t *testing.T) {
	a := ctxcancel.Rule.Analyzer()
	if err := a.Flags.Set("ctxcancel.fallback", "on"); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "fallbackon")
}

func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		flag, value string
		ok          bool
	}{
		{"ctxcancel.fallback", "auto", true},
		{"ctxcancel.fallback", "sometimes", false},
		{"ctxcancel.value-only", "github.com/acme/log,(*github.com/acme/trace.Tracer).Start,gopkg.in/x.v1/", true},
		{"ctxcancel.value-only", "(github.com/acme", false},
	} {
		a := ctxcancel.Rule.Analyzer()
		// A bad value is refused by Set or by Validate.
		err := a.Flags.Set(tc.flag, tc.value)
		if err == nil {
			err = rule.ConfigOf(a).Validate()
		}
		if (err == nil) != tc.ok {
			t.Errorf("-%s=%s: error %v, want ok=%v", tc.flag, tc.value, err, tc.ok)
		}
	}
}

// TestGo120: no fix before Go 1.21, which has no context.WithoutCancel.
func TestGo120(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "testdata/go120", ctxcancel.Rule.Analyzer(), "./...")
}
