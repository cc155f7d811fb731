// Package resty is a stub of github.com/go-resty/resty/v2 (v2.17
// signatures).
package resty

import "context"

type Client struct{}

func New() *Client { return &Client{} }

func (c *Client) R() *Request { return &Request{client: c} }

type Request struct {
	URL    string
	client *Client
	ctx    context.Context
}

func (r *Request) SetContext(ctx context.Context) *Request {
	r.ctx = ctx
	return r
}

func (r *Request) SetHeader(header, value string) *Request { return r }

func (r *Request) Get(url string) (*Response, error) { return &Response{Request: r}, nil }

type Response struct{ Request *Request }
