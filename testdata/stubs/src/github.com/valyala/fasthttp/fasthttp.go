// Package fasthttp is a stub of github.com/valyala/fasthttp.
package fasthttp

type RequestCtx struct{}

func (ctx *RequestCtx) Path() []byte                      { return nil }
func (ctx *RequestCtx) QueryArgs() *Args                  { return nil }
func (ctx *RequestCtx) WriteString(s string) (int, error) { return 0, nil }
func (ctx *RequestCtx) SetStatusCode(code int)            {}
func (ctx *RequestCtx) UserValue(key any) any             { return nil }

type Args struct{}

func (a *Args) Peek(key string) []byte { return nil }

// StreamWriter is fasthttp's body stream writer (its argument is a
// *bufio.Writer).
type StreamWriter func(w any)

func (ctx *RequestCtx) SetBodyStreamWriter(sw StreamWriter) {}
