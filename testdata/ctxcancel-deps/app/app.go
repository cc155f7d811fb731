// want package:"ctxcancel analysed"

// Package app calls the real loggers and tracers of the value-only table
// from detached goroutines under the request's context (not reported),
// beside a real dependency that does observe cancellation (reported).
package app

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/rs/zerolog"
	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"golang.org/x/sync/semaphore"
)

var (
	sem        = semaphore.NewWeighted(4)
	counter, _ = otel.Meter("app").Int64Counter("orders")
)

func Handler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() {
		slog.InfoContext(ctx, "order")
		zerolog.Ctx(ctx).Info().Ctx(ctx).Msg("order")
		zlog.Ctx(ctx).Info().Msg("order")
		logrus.WithContext(ctx).Info("order")
		zap.L().Info("order") // zap takes no context
		ctx, span := otel.Tracer("app").Start(ctx, "background")
		defer span.End()
		_ = trace.SpanFromContext(ctx)
		_ = baggage.FromContext(ctx)
		otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier{})
		counter.Add(ctx, 1)
	}()
	go func() {
		if err := sem.Acquire(ctx, 1); err != nil { // want `ctxcancel: sem.Acquire is called with ctx \(from r.Context\(\)\)`
			return
		}
		defer sem.Release(1)
	}()
}

// The user's own logging helper: only value-only calls, so no fact.
func logOrder(ctx context.Context) { slog.InfoContext(ctx, "order") }

func Handler2(w http.ResponseWriter, r *http.Request) {
	go logOrder(r.Context())
}
