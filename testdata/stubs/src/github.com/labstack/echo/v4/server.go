package echo

import "context"

// Server lifecycle, for the shutdown rule.

func (e *Echo) StartTLS(address string, certFile, keyFile any) error { return nil }
func (e *Echo) Shutdown(ctx context.Context) error                   { return nil }
func (e *Echo) Close() error                                         { return nil }
