// Package main serves one hijacked connection with http.Serve inside a
// handler (not reported), beside http.Serve on the process's listener
// (reported).
package main

import (
	"net"
	"net/http"
)

// oneConn is a listener that hands out a single connection.
type oneConn struct {
	conn net.Conn
	done bool
}

func (l *oneConn) Accept() (net.Conn, error) {
	if l.done {
		return nil, net.ErrClosed
	}
	l.done = true
	return l.conn, nil
}
func (l *oneConn) Close() error   { return nil }
func (l *oneConn) Addr() net.Addr { return l.conn.LocalAddr() }

func upgrade(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	http.Serve(&oneConn{conn: conn}, http.NotFoundHandler())
}

func main() {
	ln, _ := net.Listen("tcp", ":8080")
	http.Serve(ln, http.HandlerFunc(upgrade)) // want `shutdown: http.Serve starts a server that nothing can shut down`
}
