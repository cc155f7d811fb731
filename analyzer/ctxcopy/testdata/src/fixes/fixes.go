package fixes

import (
	"context"
	"log"

	"github.com/gin-gonic/gin"
)

func ReadOnly(c *gin.Context) {
	go func() {
		log.Println(c.Param("id"), c.Query("q")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}

// The comments above the go statement (an ignore directive for it)
// stay above it: the copy goes before them.
func CommentAbove(c *gin.Context) {
	// the goroutine logs the request
	// (an ignore directive for the goroutine would be here)
	go func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}

// cCp is taken: the fix picks another name.
func NameTaken(c *gin.Context) {
	cCp := "already here"
	go func() {
		log.Println(c.ClientIP(), cCp) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}

// The goroutine writes the response through c: a copy cannot, so no fix.
func Writes(c *gin.Context) {
	go func() {
		c.JSON(200, gin.H{}) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine .* a copy cannot write the response`
	}()
}

// c as a context.Context argument behaves the same on a copy.
func AsCtx(c *gin.Context) {
	go func() {
		save(c, c.GetString("user")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}

func save(ctx context.Context, user string) { log.Println(ctx.Value("tenant"), user) }

func Arg(c *gin.Context) {
	go save(c, "x") // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine`
}

func LateCopy(c *gin.Context) {
	go func() {
		cp := c.Copy() // want `ctxcopy: c.Copy\(\) runs inside the goroutine`
		log.Println(cp.Param("id"))
	}()
}

func Mixed(c *gin.Context) {
	cp := c.Copy()
	go func() {
		log.Println(cp.Param("id"), c.Query("q")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler, beside its copy cp`
	}()
}

// The copy's name is shadowed where c is used: the fix takes a fresh copy
// instead of renaming.
func MixedShadowed(c *gin.Context) {
	cp := c.Copy()
	go func() {
		log.Println(cp.Param("id"))
		{
			cp := "shadow"
			log.Println(cp, c.Query("q")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler, beside its copy cp`
		}
	}()
}

// cCp is declared later in the same block: declaring it before the go
// statement would turn `cCp, err := ...` into an assignment to the copy.
func NameTakenLater(c *gin.Context) {
	go func() {
		log.Println(c.ClientIP()) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
	cCp, err := load()
	log.Println(cCp, err)
}

func load() (string, error) { return "", nil }

// cp is declared later in the handler: moving `cp := c.Copy()` before the
// go statement would clash with it, so no fix.
func LateCopyNameTaken(c *gin.Context) {
	go func() {
		cp := c.Copy() // want `ctxcopy: c.Copy\(\) runs inside the goroutine`
		log.Println(cp.Param("id"))
	}()
	cp, err := load()
	log.Println(cp, err)
}

func logAll(v ...any) {}

// A value built by a call that keeps c as a context: the copy goes there.
func Retained(c *gin.Context) {
	ctx := context.WithValue(c, key{}, "v")
	go func() {
		logAll(ctx.Value(key{})) // want `ctxcopy: ctx holds c \(\*gin.Context\) since context.WithValue\(c, ...\)`
	}()
}

type key struct{}

var ctxQueue = make(chan context.Context, 1)

type task struct {
	ctx context.Context
	id  string
}

var tasks = make(chan task, 1)

// Sent where a receiver sees a context.Context: the copy answers it as c
// does.
func Sent(c *gin.Context) {
	ctxQueue <- c                            // want `ctxcopy: c \(\*gin.Context\) is sent on ctxQueue`
	tasks <- task{ctx: c, id: c.Param("id")} // want `ctxcopy: a task holding c \(\*gin.Context\) is sent on tasks`
}

// A helper that takes *gin.Context and only reads from it: a copy
// answers it the same, so the advice is c.Copy(), with the fix.
func audit(c *gin.Context, action string) { log.Println(c.ClientIP(), c.FullPath(), action) }

func AuditLater(c *gin.Context) {
	go audit(c, "login") // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine that can outlive the handler; .* — pass c.Copy\(\) instead`
}

func AuditInGoroutine(c *gin.Context) {
	go func() {
		audit(c, "login") // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler; .* — call c.Copy\(\)`
	}()
}

// The look-alike: a helper that writes the response through c — no copy
// can, so no fix.
func respond(c *gin.Context) { c.JSON(200, gin.H{}) }

func RespondLater(c *gin.Context) {
	go respond(c) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine .* a copy cannot write the response`
}

func RespondInGoroutine(c *gin.Context) {
	go func() {
		respond(c) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine .* a copy cannot write the response`
	}()
}

// A value that holds c's response writer: a copy has none, so the advice
// is the write advice, with no fix.
func WriterHeld(c *gin.Context) {
	writer := c.Writer
	send := func(b []byte) { writer.Write(b) }
	go func() {
		send([]byte("x")) // want `ctxcopy: send holds c \(\*gin.Context\) and is used by a goroutine .* — a copy cannot write the response`
	}()
}

// The look-alike: a closure that only reads from c takes the copy advice.
func ParamsHeld(c *gin.Context) {
	get := func() string { return c.Param("id") }
	go func() {
		log.Println(get()) // want `ctxcopy: get holds c \(\*gin.Context\) and is used by a goroutine .* — call c.Copy\(\) in the handler and use the copy`
	}()
}
