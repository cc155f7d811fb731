// Package retain: values a call returns that keep the request context
// (route 5): gorm sessions, outgoing requests, metadata and tracing
// contexts, and the user's own constructors (RetainsFact).
package retain

import (
	"context"
	"log"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/go-resty/resty/v2"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/metadata"
	"gorm.io/gen"
	"gorm.io/gorm"
)

var DB *gorm.DB

type audit struct{ path string }

func Gorm(c *gin.Context) {
	db := DB.WithContext(c)
	go func() {
		db.Create(&audit{}) // want `ctxcopy: db holds c \(\*gin.Context\) since DB.WithContext\(c\) and is used by a goroutine that can outlive the handler; .* — pass c.Copy\(\) to DB.WithContext instead`
	}()
}

func GormChained(c *gin.Context) {
	tx := DB.WithContext(c).Model(&audit{}).Where("id = ?", 1)
	go tx.Find(&[]audit{}) // want `ctxcopy: the goroutine runs tx.Find with tx, which holds c \(\*gin.Context\) since DB.WithContext\(c\), bound as its receiver`
}

func GormInline(c *gin.Context) {
	go func() {
		DB.WithContext(c).Create(&audit{}) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	}()
}

// Look-alikes: a session on the request's context, on a copy, on a
// context that outlives the request, or waited for; an error read off a
// finished query.
func GormRequestContext(c *gin.Context) {
	db := DB.WithContext(c.Request.Context())
	go func() { db.Create(&audit{}) }()
}

func GormCopy(c *gin.Context) {
	db := DB.WithContext(c.Copy())
	go func() { db.Create(&audit{}) }()
}

func GormWithoutCancel(c *gin.Context) {
	db := DB.WithContext(context.WithoutCancel(c.Request.Context()))
	go func() { db.Create(&audit{}) }()
}

func GormWaited(c *gin.Context) {
	db := DB.WithContext(c)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		db.Create(&audit{})
	}()
	wg.Wait()
}

func GormError(c *gin.Context) {
	err := DB.WithContext(c).Create(&audit{}).Error
	n := DB.WithContext(c).Create(&audit{}).RowsAffected
	go func() { log.Println(err, n) }()
}

func OutgoingRequest(c *gin.Context) {
	req, err := http.NewRequestWithContext(c, http.MethodGet, "http://audit", nil)
	if err != nil {
		return
	}
	go http.DefaultClient.Do(req) // want `ctxcopy: req holds c \(\*gin.Context\) since http.NewRequestWithContext\(c, ...\) and is handed to a goroutine`
	go func() { log.Println(err) }()
}

func RequestWithContext(c *gin.Context) {
	r := c.Request.WithContext(c)
	r2 := c.Request.Clone(c)
	go func() {
		http.DefaultClient.Do(r)  // want `ctxcopy: r holds c`
		http.DefaultClient.Do(r2) // one report per context and goroutine
	}()
	r3 := c.Request.Clone(c.Request.Context())
	go http.DefaultClient.Do(r3)
}

func Resty(c *gin.Context, client *resty.Client) { // want Resty:`copysafe\[0\]`
	req := client.R().SetContext(c).SetHeader("X-Audit", "1")
	go req.Get("http://audit") // want `ctxcopy: the goroutine runs req.Get with req, which holds c`
	plain := client.R().SetHeader("X-Audit", "1")
	go plain.Get("http://audit")
}

func Metadata(c *gin.Context) {
	ctx := metadata.AppendToOutgoingContext(c, "k", "v")
	go send(ctx) // want `ctxcopy: ctx holds c \(\*gin.Context\) since metadata.AppendToOutgoingContext\(c, ...\) and is handed to a goroutine`
	ctx2 := metadata.NewOutgoingContext(c.Request.Context(), metadata.Pairs("k", "v"))
	go send(ctx2)
}

func send(ctx context.Context) { <-ctx.Done() }

func Tracing(c *gin.Context, tr trace.Tracer) { // want Tracing:`copysafe\[0\]`
	ctx, span := tr.Start(c, "audit")
	go func() {
		defer span.End()
		send(ctx) // want `ctxcopy: ctx holds c`
	}()
	_, span2 := tr.Start(c, "audit")
	go func() { span2.End() }()
	ctx3 := trace.ContextWithSpan(c, span)
	go send(ctx3) // want `ctxcopy: ctx3 holds c`
}

// The user's own constructors and builders: facts.
type job struct {
	ctx context.Context
	id  int
}

func newJob(ctx context.Context, id int) (*job, error) { // want newJob:`retains\[0\]`
	return &job{ctx: ctx, id: id}, nil
}

func (j *job) run() { <-j.ctx.Done() }

func (j *job) with(ctx context.Context) *job { // want with:`retains\[recv 0\]`
	j.ctx = ctx
	return j
}

type summary struct{ path string }

func summarize(c *gin.Context) *summary { return &summary{path: c.FullPath()} }

func (s *summary) print() { log.Println(s.path) }

func Constructors(c *gin.Context) {
	j, err := newJob(c, 1)
	if err != nil {
		return
	}
	go j.run() // want `ctxcopy: the goroutine runs j.run with j, which holds c`
	j2 := (&job{}).with(c)
	go j2.run() // want `ctxcopy: the goroutine runs j2.run with j2, which holds c`
	s := summarize(c)
	go s.print()
	j3, _ := newJob(c.Request.Context(), 3)
	go j3.run()
}

// gorm/gen's generated DAOs: the user's code (facts) around gen.DO.
type userDo struct{ gen.DO }

func (u userDo) WithContext(ctx context.Context) *userDo { // want WithContext:`retains\[0\]`
	return u.withDO(u.DO.WithContext(ctx))
}

func (u userDo) withDO(do gen.Dao) *userDo { // want withDO:`retains\[recv 0\]`
	u.DO = *do.(*gen.DO)
	return &u
}

func (u *userDo) Count() (int64, error) { return 0, nil }

var userDAL userDo

func Generated(c *gin.Context) {
	q := userDAL.WithContext(c)
	go q.Count() // want `ctxcopy: the goroutine runs q.Count with q, which holds c \(\*gin.Context\) since userDAL.WithContext\(c\)`
	r := userDAL.WithContext(c.Request.Context())
	go r.Count()
}
