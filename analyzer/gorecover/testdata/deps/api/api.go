// Package api starts goroutines with the recover helpers and goroutine
// wrappers of versioned dependencies, which have no facts (issue 12):
// what the tables say about them.
package api

import (
	"context"
	"encoding/json"
	"net/http"

	"example.com/kit"
	"github.com/bytedance/gopkg/util/gopool"
	"github.com/zeromicro/go-zero/core/rescue"
	"github.com/zeromicro/go-zero/core/threading"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	v := decoded(r)
	ctx := context.WithoutCancel(r.Context())

	// go-zero's recover helpers: in the table.
	go func() {
		defer rescue.Recover()
		_ = v.(int)
	}()
	go func() {
		defer rescue.RecoverCtx(ctx, func() {})
		_ = v.(int)
	}()
	go func() {
		defer func() {
			rescue.Recover() // want `gorecover: Recover recovers only when it is the deferred function`
		}()
		_ = v.(int)
	}()

	// go-zero's and gopool's goroutine wrappers: in the launcher table.
	threading.GoSafe(func() { _ = v.(int) })
	threading.GoSafeCtx(ctx, func() { _ = v.(int) })
	g := threading.NewRoutineGroup()
	g.RunSafe(func() { _ = v.(int) })
	g.Run(func() { _ = v.(int) }) // want `gorecover: a panic in this goroutine kills the whole server`
	g.Wait()
	gopool.Go(func() { _ = v.(int) })
	gopool.CtxGo(ctx, func() { _ = v.(int) })
	gopool.NewPool().Go(func() { _ = v.(int) })

	// A dependency's package-level function in no table, deferred: its
	// body is not seen, so whether it recovers is unknown, and the
	// goroutine is not judged, whatever the function's name. A method of
	// a dependency's value is that value's release, and the goroutine is
	// judged.
	go func() {
		defer kit.RecoverPanic()
		_ = v.(int)
	}()
	go func() {
		defer kit.Guard()
		_ = v.(int)
	}()
	go func() { // want `gorecover: a panic in this goroutine kills the whole server`
		defer kit.Span{}.End()
		_ = v.(int)
	}()

	// A dependency's goroutine wrapper in no table is a plain call: no
	// goroutine is seen (-launchers names it).
	kit.Spawn(func() { _ = v.(int) })
}

// decoded is the request's JSON value: its type is the client's choice.
func decoded(r *http.Request) any {
	var v any
	_ = json.Unmarshal([]byte(r.URL.Query().Get("n")), &v)
	return v
}
