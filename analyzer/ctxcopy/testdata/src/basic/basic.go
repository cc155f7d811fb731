package basic

import (
	"context"
	"log"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

func Captured(c *gin.Context) {
	go func() {
		time.Sleep(time.Second)
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
	}()
}

func CopiedBefore(c *gin.Context) {
	cCp := c.Copy()
	go func() {
		log.Println(cCp.Param("id"))
	}()
}

func Joined(c *gin.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		log.Println(c.Param("id"))
	}()
	wg.Wait()
}

func Extracted(c *gin.Context) {
	id := c.Param("id")
	go func() { log.Println(id) }()
	go log.Println(c.Request.URL.Path)
}

func RequestContext(c *gin.Context) {
	ctx := c.Request.Context()
	go func() { <-ctx.Done() }()
}

func AsContext(c *gin.Context) {
	var ctx context.Context = c
	go func() {
		<-ctx.Done() // want `ctxcopy: ctx holds c \(\*gin.Context\) and is used by a goroutine`
	}()
}

func Derived(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c, time.Second)
	go func() {
		defer cancel()
		<-ctx.Done() // want `ctxcopy: ctx holds c \(\*gin.Context\) since context.WithTimeout\(c, ...\) and is used by a goroutine that can outlive the handler; .* — pass c.Copy\(\) to context.WithTimeout instead`
	}()
}

func Arg(c *gin.Context) {
	go work(c) // want `ctxcopy: c \(\*gin.Context\) is handed to a goroutine`
	go work(c.Copy())
}

func work(ctx context.Context) { log.Println(ctx.Value("id")) }

// connect never reads its context: the goroutine does not hold c,
// whatever the parameter's type says.
func IgnoredParam(c *gin.Context) {
	go connect(c, "db:5432")
}

func connect(ctx context.Context, addr string) { log.Println("dial", addr) }

func MethodValue(c *gin.Context) {
	go c.JSON(200, nil) // want `ctxcopy: the goroutine runs c.JSON with c`
}

func LateCopy(c *gin.Context) {
	go func() {
		cp := c.Copy() // want `ctxcopy: c.Copy\(\) runs inside the goroutine`
		log.Println(cp.Param("id"))
	}()
}

func WriteThroughCopy(c *gin.Context) {
	cp := c.Copy()
	go func() {
		cp.JSON(200, gin.H{}) // want `ctxcopy: cp.JSON writes the response through a copy`
	}()
}

type job struct{ c *gin.Context }

func (j *job) run() {}

func Field(c *gin.Context) {
	j := &job{c: c}
	go j.run() // want `ctxcopy: the goroutine runs j.run with j, which holds c \(\*gin.Context\), bound as its receiver`
}

func Closure(c *gin.Context) {
	f := func() { log.Println(c.Query("q")) } // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	go f()
}

func Factory() gin.HandlerFunc {
	return func(c *gin.Context) {
		go func() {
			log.Println(c.ClientIP()) // want `ctxcopy: c \(\*gin.Context\)`
		}()
		c.Next()
	}
}
