package fiber

import (
	"context"
	"net"
	"time"
)

// Server lifecycle, for the shutdown rule.

func (app *App) ListenTLS(addr, certFile, keyFile string) error  { return nil }
func (app *App) Listener(ln net.Listener) error                  { return nil }
func (app *App) ShutdownWithTimeout(timeout time.Duration) error { return nil }
func (app *App) ShutdownWithContext(ctx context.Context) error   { return nil }
