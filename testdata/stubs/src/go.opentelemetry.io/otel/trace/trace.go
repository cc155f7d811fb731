// Package trace is a stub of go.opentelemetry.io/otel/trace (v1.39).
package trace

import "context"

type SpanStartOption interface{ applySpanStart() }

type SpanEndOption interface{ applySpanEnd() }

type Span interface {
	End(options ...SpanEndOption)
}

type Tracer interface {
	Start(ctx context.Context, spanName string, opts ...SpanStartOption) (context.Context, Span)
}

type spanKey struct{}

func ContextWithSpan(parent context.Context, span Span) context.Context {
	return context.WithValue(parent, spanKey{}, span)
}

func SpanFromContext(ctx context.Context) Span {
	s, _ := ctx.Value(spanKey{}).(Span)
	return s
}
