// Package metadata is a stub of google.golang.org/grpc/metadata.
package metadata

import "context"

type MD map[string][]string

func Pairs(kv ...string) MD { return MD{} }

type mdOutgoingKey struct{}

func NewOutgoingContext(ctx context.Context, md MD) context.Context {
	return context.WithValue(ctx, mdOutgoingKey{}, md)
}

func AppendToOutgoingContext(ctx context.Context, kv ...string) context.Context {
	return context.WithValue(ctx, mdOutgoingKey{}, kv)
}
