package lookalikes

import (
	"context"
	"log"
	"time"

	g "github.com/gin-gonic/gin"
)

// requestScoped builds its context from the request's, not from c (nezha's
// transferRevokableContext shape): not a reference to the pooled c.
func requestScoped(c *g.Context, d time.Duration) (context.Context, context.CancelFunc) { // want requestScoped:`retains\[\]`
	return context.WithTimeout(c.Request.Context(), d)
}

// withUser derives from its argument, through another function.
func withUser(ctx context.Context) context.Context { // want withUser:`retains\[0\]`
	return tagged(ctx, "user")
}

func tagged(ctx context.Context, v string) context.Context { // want tagged:`retains\[0\]`
	return context.WithValue(ctx, key{}, v)
}

func RequestScoped(c *g.Context) {
	ctx, cancel := requestScoped(c, time.Second)
	go func() {
		defer cancel()
		<-ctx.Done()
	}()
}

func Derived(c *g.Context) {
	ctx := withUser(c)
	go func() {
		log.Println(ctx.Value(key{})) // want `ctxcopy: ctx holds c \(\*gin.Context\) since withUser\(c\)`
	}()
}
