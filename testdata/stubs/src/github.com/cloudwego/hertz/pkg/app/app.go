// Package app is a stub of github.com/cloudwego/hertz/pkg/app.
package app

import "context"

type HandlerFunc func(c context.Context, ctx *RequestContext)

type RequestContext struct{}

func (ctx *RequestContext) Copy() *RequestContext                         { return &RequestContext{} }
func (ctx *RequestContext) Param(key string) string                       { return "" }
func (ctx *RequestContext) Query(key string) string                       { return "" }
func (ctx *RequestContext) JSON(code int, obj any)                        {}
func (ctx *RequestContext) String(code int, format string, values ...any) {}
func (ctx *RequestContext) Next(c context.Context)                        {}
func (ctx *RequestContext) GetString(key string) string                   { return "" }
