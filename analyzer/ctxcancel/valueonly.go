package ctxcancel

import (
	"go/types"
	"strings"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// builtinValueOnly are packages whose context-taking functions only read
// values from the context (a trace span, a request ID, log fields) and
// never give up when it is cancelled: logging with a cancelled context
// still logs. TestValueOnlyTable checks each against the real module
// (testdata/ctxcancel-deps). go.uber.org/zap is not listed: no function
// of v1.27.1 takes a context (the test checks that too).
var builtinValueOnly = []string{
	"log/slog",                  // Logger.InfoContext & co., Handler.Handle/Enabled
	"runtime/trace",             // NewTask, WithRegion, Log
	"runtime/pprof",             // Do, SetGoroutineLabels, WithLabels
	"net/http/httptrace",        // ContextClientTrace, WithClientTrace
	"github.com/rs/zerolog",     // zerolog.Ctx, (*Event).Ctx, (*Logger).WithContext
	"github.com/rs/zerolog/log", // log.Ctx
	"github.com/sirupsen/logrus",
	"go.opentelemetry.io/otel/trace",       // Tracer.Start, SpanFromContext, ContextWithSpan
	"go.opentelemetry.io/otel/baggage",     // FromContext, ContextWithBaggage
	"go.opentelemetry.io/otel/propagation", // TextMapPropagator.Inject/Extract
	"go.opentelemetry.io/otel/metric",      // Int64Counter.Add & co. (aggregated in memory)
}

// valueOnlyTable matches functions against the built-in packages and the
// -ctxcancel.value-only entries.
type valueOnlyTable struct {
	pkgs  map[string]bool
	funcs []*goroutine.Launcher // the launcher spec syntax and matcher
}

// parseValueOnly parses -ctxcancel.value-only entries: a package path, or
// a function as pkg/path.Func or (*pkg/path.Type).Method. A package whose
// last path element has a dot (gopkg.in/x.v1) is written with a trailing
// slash.
func parseValueOnly(specs []string) (*valueOnlyTable, error) {
	t := &valueOnlyTable{pkgs: map[string]bool{}}
	for _, p := range builtinValueOnly {
		t.pkgs[p] = true
	}
	for _, s := range specs {
		s = strings.TrimSpace(s)
		last := s[strings.LastIndex(s, "/")+1:]
		if strings.HasSuffix(s, "/") || (!strings.HasPrefix(s, "(") && !strings.Contains(last, ".")) {
			t.pkgs[strings.TrimSuffix(s, "/")] = true
			continue
		}
		l, err := goroutine.ParseLauncher(s)
		if err != nil {
			return nil, err
		}
		t.funcs = append(t.funcs, l)
	}
	return t, nil
}

func (c *checker) isValueOnly(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	if c.valueOnly.pkgs[fn.Pkg().Path()] {
		return true
	}
	for _, l := range c.valueOnly.funcs {
		if l.Matches(fn) {
			return true
		}
	}
	return false
}
