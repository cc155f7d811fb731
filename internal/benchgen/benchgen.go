// Package benchgen writes Gin services of a realistic shape and any size,
// for the benchmarks (make bench, go test -bench) and the determinism
// tests. A generated module has one package per "feature" (handlers,
// middleware, workers, a server) and a main that mounts them all; package
// i imports package (i-1)/2, so facts flow across packages along a tree
// of depth log2(n), as in a layered service.
//
// Each package mixes correct code with the bugs ginctxlint looks for, in
// roughly the proportions a real service has them: most handlers are
// fine, some start a goroutine with c, some hand c to a service method in
// another package that starts one.
package benchgen

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"text/template"
)

// Module is the module path of a generated service.
const Module = "example.com/benchsvc"

// GinVersion is the gin release the generated go.mod requires; it must be
// in the module cache (make deps puts it there via testdata/e2e).
const GinVersion = "v1.12.0"

// Options says what to generate.
type Options struct {
	// Packages is the number of feature packages.
	Packages int
	// Handlers is the number of handlers per package (default 12).
	Handlers int
}

// Generate writes a module with opts.Packages feature packages under dir,
// which must be empty or absent. It writes go.mod without go.sum: see
// Tidy.
func Generate(dir string, opts Options) error {
	if opts.Packages < 1 {
		return fmt.Errorf("benchgen: need at least one package")
	}
	if opts.Handlers <= 0 {
		opts.Handlers = 12
	}
	files := map[string]string{
		"go.mod": fmt.Sprintf("module %s\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin %s\n", Module, GinVersion),
	}
	var pkgs []pkgData
	for i := range opts.Packages {
		d := pkgData{Module: Module, Name: pkgName(i), Index: i, Handlers: opts.Handlers}
		if i > 0 {
			d.Parent = pkgName((i - 1) / 2)
		}
		pkgs = append(pkgs, d)
		for _, t := range pkgTemplates {
			var buf bytes.Buffer
			if err := t.Execute(&buf, d); err != nil {
				return err
			}
			files[filepath.Join("internal", d.Name, t.Name())] = buf.String()
		}
	}
	var buf bytes.Buffer
	if err := mainTemplate.Execute(&buf, struct {
		Module string
		Pkgs   []pkgData
	}{Module, pkgs}); err != nil {
		return err
	}
	files[filepath.Join("cmd", "server", "main.go")] = buf.String()
	for name, text := range files {
		path := filepath.Join(dir, name)
		data := []byte(text)
		if filepath.Ext(name) == ".go" {
			var err error
			if data, err = format.Source(data); err != nil {
				return fmt.Errorf("benchgen: %s: %v", name, err)
			}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Tidy writes go.sum for the module in dir from the module cache alone
// (GOPROXY=off): the benchmarks must run offline.
func Tidy(dir string) error {
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("benchgen: go mod tidy in %s (is gin %s in the module cache? run make deps): %v\n%s", dir, GinVersion, err, out)
	}
	return nil
}

func pkgName(i int) string { return fmt.Sprintf("feat%03d", i) }

type pkgData struct {
	Module   string
	Name     string
	Parent   string // "" for the root package
	Index    int
	Handlers int
}

// Kinds cycles each handler through the shapes below; the ones marked
// bug are ginctxlint findings.
func (d pkgData) HandlerKinds() []int {
	out := make([]int, d.Handlers)
	for i := range out {
		out[i] = (i + d.Index) % 10
	}
	return out
}

// Legacy says whether the package also has a server started with
// Engine.Run (a shutdown finding), as one package in five does.
func (d pkgData) Legacy() bool { return d.Index%5 == 4 }

var pkgTemplates = []*template.Template{
	template.Must(template.New("handlers.go").Parse(handlersTmpl)),
	template.Must(template.New("middleware.go").Parse(middlewareTmpl)),
	template.Must(template.New("service.go").Parse(serviceTmpl)),
	template.Must(template.New("worker.go").Parse(workerTmpl)),
	template.Must(template.New("server.go").Parse(serverTmpl)),
	template.Must(template.New("model.go").Parse(modelTmpl)),
}

var mainTemplate = template.Must(template.New("main.go").Parse(`// Command server mounts every feature of the generated service.
package main

import (
	"context"
	"log"
	"os/signal"
	"syscall"

	"github.com/gin-gonic/gin"
{{range .Pkgs}}
	"{{$.Module}}/internal/{{.Name}}"{{end}}
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	r := gin.New()
	r.Use(gin.Recovery())
{{range .Pkgs}}	{{.Name}}.Register(r.Group("/{{.Name}}"))
{{end}}
	if err := feat000.Serve(ctx, ":8080", r); err != nil {
		log.Print(err)
	}
}
`))

const handlersTmpl = `package {{.Name}}

import (
	"context"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
{{if .Parent}}
	"{{.Module}}/internal/{{.Parent}}"{{end}}
)

// Handler serves the {{.Name}} feature.
type Handler struct {
	svc   *Service
	store *Store
{{- if .Parent}}
	up    *{{.Parent}}.Service{{end}}
	mu    sync.Mutex
	hits  map[string]int
}

// Register mounts the feature's routes.
func Register(g *gin.RouterGroup) {
	h := &Handler{svc: NewService(), store: NewStore(), hits: map[string]int{}{{if .Parent}}, up: {{.Parent}}.NewService(){{end}}}
	g.Use(RequestID(), Logger(), Timeout(2*time.Second))
{{range $i, $k := .HandlerKinds}}	g.GET("/h{{$i}}/:id", h.Handle{{$i}})
{{end}}}

{{range $i, $k := .HandlerKinds}}
{{if eq $k 0}}
// Handle{{$i}} reads and answers synchronously.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	item, ok := h.store.Get(id)
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
		return
	}
	h.mu.Lock()
	h.hits[c.FullPath()]++
	h.mu.Unlock()
	c.JSON(http.StatusOK, item)
}
{{else if eq $k 1}}
// Handle{{$i}} logs in the background with the request context: a bug.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	go func() {
		log.Printf("audit %s %s", c.ClientIP(), c.Param("id"))
	}()
	c.Status(http.StatusAccepted)
}
{{else if eq $k 2}}
// Handle{{$i}} copies the context before handing it over.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	cp := c.Copy()
	go func() {
		time.Sleep(10 * time.Millisecond)
		log.Printf("done %s", cp.Param("id"))
	}()
	c.JSON(http.StatusAccepted, gin.H{"queued": true})
}
{{else if eq $k 3}}
// Handle{{$i}} fans out and waits.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	var wg sync.WaitGroup
	results := make([]Item, 3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			item, _ := h.store.Get(i)
			item.Name = c.Query("prefix") + item.Name
			results[i] = item
		}()
	}
	wg.Wait()
	c.JSON(http.StatusOK, results)
}
{{else if eq $k 4}}
// Handle{{$i}} hands the context to a service that keeps it: a bug,
// visible only through the service's fact.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	id := c.Param("id")
	h.svc.Notify(c, id)
	c.Status(http.StatusNoContent)
}
{{else if eq $k 5}}
// Handle{{$i}} uses a request-scoped context correctly.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	defer cancel()
	item, err := h.svc.Load(ctx, c.Param("id"))
	if err != nil {
		c.AbortWithError(http.StatusInternalServerError, err)
		return
	}
	c.JSON(http.StatusOK, item)
}
{{else if eq $k 6}}
// Handle{{$i}} polls with a timer per iteration: a timeafter finding.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	ready := h.svc.Ready()
	for {
		select {
		case <-ready:
			c.String(http.StatusOK, "ready")
			return
		case <-time.After(100 * time.Millisecond):
			log.Print("still waiting")
		case <-c.Request.Context().Done():
			return
		}
	}
}
{{else if eq $k 7}}
// Handle{{$i}} starts a goroutine without recover, with extracted values.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	id, name := c.Param("id"), c.Query("name")
	go func() {
		h.store.Put(Item{Name: name + id})
	}()
	c.Status(http.StatusAccepted)
}
{{else if eq $k 8}}
// Handle{{$i}} builds a response with nested closures.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	filter := func(pred func(Item) bool) []Item {
		var out []Item
		for _, it := range h.store.All() {
			if pred(it) {
				out = append(out, it)
			}
		}
		return out
	}
	min, _ := strconv.Atoi(c.DefaultQuery("min", "0"))
	items := filter(func(it Item) bool { return it.Price >= min && it.Name != "" })
	switch len(items) {
	case 0:
		c.JSON(http.StatusNotFound, gin.H{})
	default:
		c.JSON(http.StatusOK, items)
	}
}
{{else}}
// Handle{{$i}} {{if $.Parent}}passes the context up a layer (a bug via a fact from {{$.Parent}}){{else}}reads the body{{end}}.
func (h *Handler) Handle{{$i}}(c *gin.Context) {
	var req Item
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
{{- if $.Parent}}
	h.up.Notify(c, req.Name){{end}}
	c.JSON(http.StatusCreated, h.store.Put(req))
}
{{end}}
{{end}}

// Keep the imports used whichever handler shapes this package got.
var (
	_ = context.Background
	_ = log.Print
	_ = strconv.Itoa
	_ = time.Now
)
`

const middlewareTmpl = `package {{.Name}}

import (
	"log"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
)

var requestSeq atomic.Int64

// RequestID tags each request.
func RequestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if id == "" {
			id = strconv.FormatInt(requestSeq.Add(1), 10)
		}
		c.Set("request_id", id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

// Logger logs each request after it is served.
func Logger() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		log.Printf("%s %s %d %s", c.Request.Method, c.FullPath(), c.Writer.Status(), time.Since(start))
	}
}

// Timeout aborts requests that take longer than d; the goroutine is
// joined on every path through done or the timer.
func Timeout(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		done := make(chan struct{})
		timer := time.NewTimer(d)
		defer timer.Stop()
		go func() {
			defer close(done)
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			c.Next()
		}()
		select {
		case <-done:
		case <-timer.C:
			c.AbortWithStatus(http.StatusGatewayTimeout)
			<-done
		}
	}
}

// Metrics reports in the background with a copy.
func Metrics() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		cp := c.Copy()
		go func() {
			defer func() { _ = recover() }()
			log.Printf("metric %s %d", cp.FullPath(), len(cp.Keys))
		}()
	}
}
`

const serviceTmpl = `package {{.Name}}

import (
	"context"
	"errors"
	"log"
	"strconv"
	"time"
)

// Service is the feature's business logic.
type Service struct {
	events chan string
	ready  chan struct{}
}

// NewService returns a Service.
func NewService() *Service {
	s := &Service{events: make(chan string, 16), ready: make(chan struct{})}
	close(s.ready)
	return s
}

// Ready is closed when the service can answer.
func (s *Service) Ready() <-chan struct{} { return s.ready }

// Notify sends an event in the background with the caller's context, which
// outlives the call: callers must not pass a pooled request context.
func (s *Service) Notify(ctx context.Context, what string) {
	go func() {
		select {
		case s.events <- what:
		case <-ctx.Done():
		}
	}()
}

// Load fetches an item, honouring ctx.
func (s *Service) Load(ctx context.Context, id string) (Item, error) {
	n, err := strconv.Atoi(id)
	if err != nil {
		return Item{}, err
	}
	select {
	case <-ctx.Done():
		return Item{}, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	if n < 0 {
		return Item{}, errors.New("negative id")
	}
	return Item{ID: n, Name: "item" + id}, nil
}

// Drain logs events until ctx is done.
func (s *Service) Drain(ctx context.Context) {
	for {
		select {
		case e := <-s.events:
			log.Print(e)
		case <-ctx.Done():
			return
		}
	}
}
`

const workerTmpl = `package {{.Name}}

import (
	"context"
	"log"
	"sync"
	"time"
)

// Worker processes jobs in the background.
type Worker struct {
	jobs chan Item
	wg   sync.WaitGroup
}

// Start runs n workers until ctx is done.
func (w *Worker) Start(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			defer func() {
				if r := recover(); r != nil {
					log.Printf("worker %d: %v", i, r)
				}
			}()
			ticker := time.NewTicker(time.Second)
			defer ticker.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-w.jobs:
					process(j)
				case <-ticker.C:
					log.Print("tick")
				}
			}
		}()
	}
}

// Stop waits for the workers.
func (w *Worker) Stop() { w.wg.Wait() }

// Forever polls with no way to stop: a goexit finding.
func (w *Worker) Forever() {
	go func() {
		for {
			time.Sleep(time.Second)
			log.Print("poll")
		}
	}()
}

// FirstOf returns the first result, leaking the slower goroutine on an
// unbuffered channel: a goexit finding.
func FirstOf(fs ...func() int) int {
	ch := make(chan int)
	for _, f := range fs {
		go func() { ch <- f() }()
	}
	return <-ch
}

// Retry retries with a fresh timer per attempt, stopped each time.
func Retry(ctx context.Context, attempts int, f func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = f(); err == nil {
			return nil
		}
		t := time.NewTimer(time.Duration(i+1) * 10 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return err
}

func process(it Item) {
	if it.Price < 0 {
		panic("negative price")
	}
}
`

const serverTmpl = `package {{.Name}}

import (
	"context"
	"errors"
	"log"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Serve runs h on addr until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
		close(errc)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	return <-errc
}
{{if .Legacy}}
// RunAdmin serves the admin API with Engine.Run, which cannot be shut
// down: a shutdown finding.
func RunAdmin() {
	r := gin.Default()
	r.GET("/health", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	if err := r.Run(":9090"); err != nil {
		log.Fatal(err)
	}
}
{{else}}
// Health is the health endpoint.
func Health(c *gin.Context) {
	c.String(http.StatusOK, "ok")
}

var _ = log.Print
{{end}}
`

const modelTmpl = `package {{.Name}}

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

// Item is the feature's entity.
type Item struct {
	ID    int    ` + "`json:\"id\"`" + `
	Name  string ` + "`json:\"name\" binding:\"required\"`" + `
	Price int    ` + "`json:\"price\"`" + `
	Tags  []string ` + "`json:\"tags,omitempty\"`" + `
}

// Validate checks an item.
func (it Item) Validate() error {
	switch {
	case strings.TrimSpace(it.Name) == "":
		return errors.New("name is required")
	case it.Price < 0:
		return errors.New("price must not be negative")
	case len(it.Tags) > 16:
		return errors.New("too many tags")
	}
	for _, t := range it.Tags {
		if t == "" {
			return errors.New("empty tag")
		}
	}
	return nil
}

// Store keeps items in memory.
type Store struct {
	mu    sync.RWMutex
	items map[int]Item
	next  int
}

// NewStore returns an empty Store.
func NewStore() *Store { return &Store{items: map[int]Item{}} }

// Get returns the item with id.
func (s *Store) Get(id int) (Item, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	it, ok := s.items[id]
	return it, ok
}

// Put stores it under a new id.
func (s *Store) Put(it Item) Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	it.ID = s.next
	s.items[it.ID] = it
	return it
}

// All returns the items by id.
func (s *Store) All() []Item {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Item, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Search returns the items whose name contains q, best first.
func (s *Store) Search(q string, limit int) []Item {
	var out []Item
	for _, it := range s.All() {
		if strings.Contains(strings.ToLower(it.Name), strings.ToLower(q)) {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.Index(out[i].Name, q) < strings.Index(out[j].Name, q)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}
`
