package ctxcopy_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcopy"
	"github.com/ginctxlint/ginctxlint/internal/rule"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

// TestCtxcopy runs the scenarios that use the default configuration in
// one load (each package is one scenario; loading them together saves
// type-checking net/http and friends from source once per scenario).
func TestCtxcopy(t *testing.T) {
	ruletest.Run(t, ctxcopy.Rule.Analyzer(),
		"basic",                  // every way a goroutine can hold c
		"joins",                  // waited-for goroutines beside the same shapes that can return early
		"lookalikes",             // renamed imports, aliases, local types named Context, handler structs
		"frameworks",             // hertz, echo, fiber, fasthttp, net/http
		"crosspkg/svc",           // facts: a service that hands ctx to a goroutine...
		"crosspkg/api",           // ...reported at the controller's call
		"pools",                  // ants, conc, pond v1/v2, workerpool and the project's own wrappers
		"deepchain",              // handoff and retains facts twelve helpers deep, declared caller-first
		"retain",                 // values a call returns that keep c: gorm sessions, requests, constructors
		"escape",                 // sent on channels, stored in receivers and package variables
		"example.com/iface/mail", // an implementation of an interface method that hands ctx off...
		"example.com/iface/svc",  // ...a service calling the interface (a fact through it)...
		"example.com/iface/api",  // ...reported at the controller that calls the interface
		"shapes",                 // timeout middleware running the chain, helper-built wrappers, the key store
		"handshake",              // uses before a signal the handler waits for, beside uses after it
		"flusher",                // writers stopped under their mutex before the return, beside stops that miss
	)
}

// A module whose path has no dot (issue 10: `module myapp`): its service
// layer is the user's code, so its handoffs are facts across packages.
func TestDotlessModule(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "myapp"), ctxcopy.Rule.Analyzer(), "./...")
}

// Request-owned data read by a goroutine after the handler returns: file
// headers, the body, the form, through c.Copy() too; saved or read first,
// or waited for.
func TestRequestData(t *testing.T) { ruletest.Run(t, ctxcopy.Rule.Analyzer(), "reqdata") }

func TestFixes(t *testing.T) {
	ruletest.RunWithSuggestedFixes(t, ctxcopy.Rule.Analyzer(), "fixes/mw", "fixes")
}

func TestLaunchersFlag(t *testing.T) {
	a := ctxcopy.Rule.Analyzer()
	if err := a.Flags.Set("launchers", "launchers.Spawn"); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "launchers")
}

func TestRetainersFlag(t *testing.T) {
	a := ctxcopy.Rule.Analyzer()
	if err := a.Flags.Set("ctxcopy.retainers", "(*retainflag/queue.Queue).Bind"); err != nil {
		t.Fatal(err)
	}
	ruletest.Run(t, a, "retainflag")
}

func TestFiberImmutableFlag(t *testing.T) {
	for _, tc := range []struct {
		value string
		ok    bool
	}{{"auto", true}, {"on", true}, {"off", true}, {"yes", false}} {
		a := ctxcopy.Rule.Analyzer()
		err := a.Flags.Set("ctxcopy."+ctxcopy.FlagFiberImmutable, tc.value)
		if err == nil {
			err = rule.ConfigOf(a).Validate()
		}
		if (err == nil) != tc.ok {
			t.Errorf("-ctxcopy.fiber-immutable=%s: error %v, want ok=%v", tc.value, err, tc.ok)
		}
	}
}

func TestContextTypesFlag(t *testing.T) {
	a := ctxcopy.Rule.Analyzer()
	rule.ConfigOf(a).AddContextTypes("*extratypes/web.Ctx")
	ruletest.Run(t, a, "extratypes/app")
}

// TestRealFrameworks runs ctxcopy over testdata/frameworks, a module that
// requires the real hertz, echo, fiber and fasthttp: the stubs above could
// drift from their APIs, this cannot. `make deps` downloads the modules;
// analysistest loads them with GOPROXY=off.
func TestRealFrameworks(t *testing.T) {
	if testing.Short() {
		t.Skip("loads four frameworks from source")
	}
	analysistest.Run(t, "../../testdata/frameworks", ctxcopy.Rule.Analyzer(), "./...")
}
