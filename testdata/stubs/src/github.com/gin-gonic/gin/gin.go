// Package gin is a stub of github.com/gin-gonic/gin for analysistest: the
// subset of v1.12.0's API the rules look at. End-to-end tests use the real
// module.
package gin

import (
	"context"
	"mime/multipart"
	"net"
	"net/http"
	"time"
)

type H map[string]any

type HandlerFunc func(*Context)

type HandlersChain []HandlerFunc

type Param struct{ Key, Value string }

type Params []Param

type Error struct{ Err error }

type ResponseWriter interface {
	http.ResponseWriter
	http.Flusher
	Status() int
	Size() int
	WriteString(string) (int, error)
	Written() bool
}

type Context struct {
	Request  *http.Request
	Writer   ResponseWriter
	Params   Params
	Keys     map[string]any
	Errors   []*Error
	Accepted []string
}

func (c *Context) Copy() *Context                                 { return &Context{} }
func (c *Context) Next()                                          {}
func (c *Context) Abort()                                         {}
func (c *Context) AbortWithStatus(code int)                       {}
func (c *Context) AbortWithStatusJSON(code int, obj any)          {}
func (c *Context) AbortWithError(code int, err error) *Error      { return nil }
func (c *Context) Error(err error) *Error                         { return nil }
func (c *Context) Set(key string, value any)                      {}
func (c *Context) Get(key string) (value any, exists bool)        { return nil, false }
func (c *Context) MustGet(key string) any                         { return nil }
func (c *Context) GetString(key string) string                    { return "" }
func (c *Context) GetInt(key string) int                          { return 0 }
func (c *Context) Param(key string) string                        { return "" }
func (c *Context) Query(key string) string                        { return "" }
func (c *Context) DefaultQuery(key, defaultValue string) string   { return "" }
func (c *Context) PostForm(key string) string                     { return "" }
func (c *Context) GetHeader(key string) string                    { return "" }
func (c *Context) ClientIP() string                               { return "" }
func (c *Context) FullPath() string                               { return "" }
func (c *Context) ShouldBindJSON(obj any) error                   { return nil }
func (c *Context) ShouldBind(obj any) error                       { return nil }
func (c *Context) Cookie(name string) (string, error)             { return "", nil }
func (c *Context) GetRawData() ([]byte, error)                    { return nil, nil }
func (c *Context) BindJSON(obj any) error                         { return nil }
func (c *Context) Status(code int)                                {}
func (c *Context) Header(key, value string)                       {}
func (c *Context) JSON(code int, obj any)                         {}
func (c *Context) IndentedJSON(code int, obj any)                 {}
func (c *Context) String(code int, format string, values ...any)  {}
func (c *Context) Data(code int, contentType string, data []byte) {}
func (c *Context) Redirect(code int, location string)             {}
func (c *Context) SSEvent(name string, message any)               {}
func (c *Context) Stream(step func(w interface{ Write([]byte) (int, error) }) bool) bool {
	return false
}
func (c *Context) Deadline() (deadline time.Time, ok bool) { return }
func (c *Context) Done() <-chan struct{}                   { return nil }
func (c *Context) Err() error                              { return nil }
func (c *Context) Value(key any) any                       { return nil }

type IRoutes interface {
	Use(...HandlerFunc) IRoutes
	GET(string, ...HandlerFunc) IRoutes
	POST(string, ...HandlerFunc) IRoutes
}

type RouterGroup struct{}

func (g *RouterGroup) Use(middleware ...HandlerFunc) IRoutes                   { return g }
func (g *RouterGroup) GET(path string, handlers ...HandlerFunc) IRoutes        { return g }
func (g *RouterGroup) POST(path string, handlers ...HandlerFunc) IRoutes       { return g }
func (g *RouterGroup) PUT(path string, handlers ...HandlerFunc) IRoutes        { return g }
func (g *RouterGroup) DELETE(path string, handlers ...HandlerFunc) IRoutes     { return g }
func (g *RouterGroup) Any(path string, handlers ...HandlerFunc) IRoutes        { return g }
func (g *RouterGroup) Group(path string, handlers ...HandlerFunc) *RouterGroup { return g }

type Engine struct {
	RouterGroup
	ContextWithFallback bool
}

func New() *Engine                                                 { return &Engine{} }
func Default() *Engine                                             { return &Engine{} }
func (e *Engine) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
func (e *Engine) Handler() http.Handler                            { return e }
func (e *Engine) Run(addr ...string) error                         { return nil }
func (e *Engine) RunTLS(addr, certFile, keyFile string) error      { return nil }
func (e *Engine) RunUnix(file string) error                        { return nil }
func (e *Engine) RunFd(fd int) error                               { return nil }
func (e *Engine) RunListener(listener net.Listener) error          { return nil }

func Recovery() HandlerFunc { return nil }
func Logger() HandlerFunc   { return nil }

var _ context.Context = (*Context)(nil)

func (c *Context) FormFile(name string) (*multipart.FileHeader, error)           { return nil, nil }
func (c *Context) MultipartForm() (*multipart.Form, error)                       { return nil, nil }
func (c *Context) SaveUploadedFile(file *multipart.FileHeader, dst string) error { return nil }
