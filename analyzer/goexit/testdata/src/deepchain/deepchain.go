// Package deepchain: an endless loop twelve helpers deep, the helpers
// declared caller-first (the order that needed one round per level of the
// old fixed-point loop, capped at 8), beside the same chain ending in a
// loop that returns on cancellation.
package deepchain

import (
	"context"

	"github.com/gin-gonic/gin"
)

func work() error { return nil }

func Handler(c *gin.Context) {
	go h0() // want `goexit: this goroutine never finishes: it runs deepchain.h0, whose loop never ends \(via deepchain.h1\)`
	go k0(c.Request.Context())
}

func h0() { // want h0:`goexit\(endless: via deepchain.h1\)`
	h1()
}

func h1() { // want h1:`goexit\(endless: via deepchain.h2\)`
	h2()
}

func h2() { // want h2:`goexit\(endless: via deepchain.h3\)`
	h3()
}

func h3() { // want h3:`goexit\(endless: via deepchain.h4\)`
	h4()
}

func h4() { // want h4:`goexit\(endless: via deepchain.h5\)`
	h5()
}

func h5() { // want h5:`goexit\(endless: via deepchain.h6\)`
	h6()
}

func h6() { // want h6:`goexit\(endless: via deepchain.h7\)`
	h7()
}

func h7() { // want h7:`goexit\(endless: via deepchain.h8\)`
	h8()
}

func h8() { // want h8:`goexit\(endless: via deepchain.h9\)`
	h9()
}

func h9() { // want h9:`goexit\(endless: via deepchain.h10\)`
	h10()
}

func h10() { // want h10:`goexit\(endless: via deepchain.h11\)`
	h11()
}

func h11() { // want h11:`goexit\(endless: for loop at deepchain.go:\d+\)`
	for {
		_ = work()
	}
}

func k0(ctx context.Context) {
	k1(ctx)
}

func k1(ctx context.Context) {
	k2(ctx)
}

func k2(ctx context.Context) {
	k3(ctx)
}

func k3(ctx context.Context) {
	k4(ctx)
}

func k4(ctx context.Context) {
	k5(ctx)
}

func k5(ctx context.Context) {
	k6(ctx)
}

func k6(ctx context.Context) {
	k7(ctx)
}

func k7(ctx context.Context) {
	k8(ctx)
}

func k8(ctx context.Context) {
	k9(ctx)
}

func k9(ctx context.Context) {
	k10(ctx)
}

func k10(ctx context.Context) {
	k11(ctx)
}

func k11(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
			_ = work()
		}
	}
}
