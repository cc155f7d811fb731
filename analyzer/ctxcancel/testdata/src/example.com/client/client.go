// Package client is a stub of a dependency that does I/O with its
// context.
package client

import (
	"context"
	"net"
)

type Client struct{}

func (c *Client) Send(ctx context.Context, msg string) error {
	_, err := (&net.Dialer{}).DialContext(ctx, "tcp", "example.com:25")
	return err
}
