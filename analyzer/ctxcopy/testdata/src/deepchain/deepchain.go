package deepchain // want package:"has handoffs"

// A context handed to a goroutine, and a context kept by a returned one,
// twelve helpers deep, declared caller-first (the order that needed one
// round per level of the old fixed-point loops, capped at 8).

import (
	"context"
	"log"

	"github.com/gin-gonic/gin"
)

func use(ctx context.Context) { log.Println(ctx.Value("k")) }

func Handler(c *gin.Context) {
	h0(c) // want `ctxcopy: c \(\*gin.Context\) is passed as ctx to deepchain.h0, which hands it to a goroutine that can outlive the handler`
	h0(c.Copy())
	ctx := r0(c)
	go use(ctx) // want `ctxcopy: ctx`
}

func h0(ctx context.Context) { // want h0:`handoff\(ctx: via deepchain.h1\)`
	h1(ctx)
}

func h1(ctx context.Context) { // want h1:`handoff\(ctx: via deepchain.h2\)`
	h2(ctx)
}

func h2(ctx context.Context) { // want h2:`handoff\(ctx: via deepchain.h3\)`
	h3(ctx)
}

func h3(ctx context.Context) { // want h3:`handoff\(ctx: via deepchain.h4\)`
	h4(ctx)
}

func h4(ctx context.Context) { // want h4:`handoff\(ctx: via deepchain.h5\)`
	h5(ctx)
}

func h5(ctx context.Context) { // want h5:`handoff\(ctx: via deepchain.h6\)`
	h6(ctx)
}

func h6(ctx context.Context) { // want h6:`handoff\(ctx: via deepchain.h7\)`
	h7(ctx)
}

func h7(ctx context.Context) { // want h7:`handoff\(ctx: via deepchain.h8\)`
	h8(ctx)
}

func h8(ctx context.Context) { // want h8:`handoff\(ctx: via deepchain.h9\)`
	h9(ctx)
}

func h9(ctx context.Context) { // want h9:`handoff\(ctx: via deepchain.h10\)`
	h10(ctx)
}

func h10(ctx context.Context) { // want h10:`handoff\(ctx: via deepchain.h11\)`
	h11(ctx)
}

func h11(ctx context.Context) { // want h11:`handoff\(ctx: go statement at deepchain.go:\d+\)`
	go use(ctx)
}

func r0(ctx context.Context) context.Context { // want r0:`retains\[0\]`
	return r1(ctx)
}

func r1(ctx context.Context) context.Context { // want r1:`retains\[0\]`
	return r2(ctx)
}

func r2(ctx context.Context) context.Context { // want r2:`retains\[0\]`
	return r3(ctx)
}

func r3(ctx context.Context) context.Context { // want r3:`retains\[0\]`
	return r4(ctx)
}

func r4(ctx context.Context) context.Context { // want r4:`retains\[0\]`
	return r5(ctx)
}

func r5(ctx context.Context) context.Context { // want r5:`retains\[0\]`
	return r6(ctx)
}

func r6(ctx context.Context) context.Context { // want r6:`retains\[0\]`
	return r7(ctx)
}

func r7(ctx context.Context) context.Context { // want r7:`retains\[0\]`
	return r8(ctx)
}

func r8(ctx context.Context) context.Context { // want r8:`retains\[0\]`
	return r9(ctx)
}

func r9(ctx context.Context) context.Context { // want r9:`retains\[0\]`
	return r10(ctx)
}

func r10(ctx context.Context) context.Context { // want r10:`retains\[0\]`
	return r11(ctx)
}

func r11(ctx context.Context) context.Context { // want r11:`retains\[0\]`
	return context.WithValue(ctx, "k", 1)
}
