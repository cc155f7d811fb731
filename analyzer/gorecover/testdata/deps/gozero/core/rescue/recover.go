// Package rescue is a stub of go-zero v1.10.3's core/rescue: the same
// signatures and the same recover() calls.
package rescue

import "context"

func Recover(cleanups ...func()) {
	for _, cleanup := range cleanups {
		cleanup()
	}
	if p := recover(); p != nil {
		println(p)
	}
}

func RecoverCtx(ctx context.Context, cleanups ...func()) {
	for _, cleanup := range cleanups {
		cleanup()
	}
	if p := recover(); p != nil {
		println(p)
	}
}
