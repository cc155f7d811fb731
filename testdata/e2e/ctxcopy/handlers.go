// Package ctxcopy is the end-to-end scenario for the ctxcopy rule against
// the real gin module.
package ctxcopy

import (
	"context"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"

	"example.com/e2e/service"
)

type UserController struct {
	svc *service.UserService
}

func Register(r *gin.Engine, uc *UserController) {
	r.GET("/users/:id", uc.Get)
	r.POST("/users", uc.Create)
	r.GET("/inline", func(c *gin.Context) {
		go func() { // want `gorecover: a panic in this goroutine kills the whole server, with every request in flight: gin.Recovery only covers the request's own goroutine, and this one can panic \(handlers.go:27: index out of range on data the program does not control\)`
			log.Println(c.QueryArray("id")[c.GetInt("i")]) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
		}()
		c.Status(http.StatusAccepted)
	})
	r.Use(Audit())
}

// Get passes c to a service method that hands it to a goroutine.
func (uc *UserController) Get(c *gin.Context) {
	id, _ := uc.svc.Get(c, c.Param("id")) // no goroutine in Get: fine
	c.JSON(http.StatusOK, gin.H{"id": id})
}

func (uc *UserController) Create(c *gin.Context) {
	if err := uc.svc.Create(c, c.PostForm("name")); err != nil { // want `ctxcopy: c \(\*gin.Context\) is passed as ctx to \(\*service.UserService\).Create, which hands it to a goroutine`
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	uc.svc.Notify(c.Copy(), "admin")
	uc.svc.Audit(c, "create")
	c.Status(http.StatusCreated)
}

// Audit is middleware: a closure returned as gin.HandlerFunc.
func Audit() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		cCp := c.Copy()
		go func() {
			log.Printf("%s %s %v", cCp.Request.Method, cCp.Request.URL.Path, time.Since(start))
		}()
	}
}

func Parallel(c *gin.Context) {
	g, ctx := errgroup.WithContext(c)
	for _, id := range []string{"a", "b"} {
		g.Go(func() error {
			log.Println(c.Param(id), ctx.Err())
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		c.AbortWithStatus(http.StatusBadGateway)
		return
	}
	c.Status(http.StatusOK)
}

func Fanout(c *gin.Context) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Println(c.Query("q"), i)
		}()
	}
	wg.Wait()
}

func Timeout(c *gin.Context) {
	res := make(chan string, 1)
	go func() {
		res <- c.Query("q") // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine that can outlive the handler`
	}()
	select {
	case v := <-res:
		c.String(http.StatusOK, v)
	case <-time.After(time.Second):
		c.AbortWithStatus(http.StatusGatewayTimeout)
	}
}

func Background(c *gin.Context) {
	ctx := context.WithoutCancel(c)
	go func() {
		time.Sleep(time.Second)
		log.Println(ctx.Value("user")) // want `ctxcopy: ctx holds c \(\*gin.Context\) since context.WithoutCancel\(c\)`
	}()
}

func CopyWrites(c *gin.Context) {
	cp := c.Copy()
	go func() {
		cp.JSON(http.StatusOK, gin.H{}) // want `ctxcopy: cp.JSON writes the response through a copy`
	}()
}

func NetHTTP(w http.ResponseWriter, r *http.Request) {
	go func() {
		time.Sleep(time.Second)
		w.Write([]byte("late")) // want `ctxcopy: w \(http.ResponseWriter\) is used by a goroutine`
	}()
	ctx := r.Context()
	go func() { <-ctx.Done() }()
}
