// Package sessions holds channels kept in a per-connection session
// struct: sends that block forever once the receiving loop has returned
// (reported), beside a buffered channel, a receiver that drains until
// close, a send that also waits on a done channel, and a long-lived hub
// made in main (not reported).
package sessions

import (
	"context"
	"errors"

	"github.com/gin-gonic/gin"
)

type conn struct{}

func (conn) Write([]byte) error            { return errors.New("closed") }
func (conn) Read() ([]byte, error)         { return nil, errors.New("closed") }
func upgrade(c *gin.Context) (conn, error) { return conn{}, nil }

// --- a second send after the receiver returned ---

type session struct {
	conn conn
	out  chan []byte
}

func newSession(cn conn) *session { return &session{conn: cn, out: make(chan []byte)} }

func (s *session) writeLoop() {
	for msg := range s.out {
		if err := s.conn.Write(msg); err != nil {
			return
		}
	}
}

func (s *session) readLoop() {
	for {
		msg, err := s.conn.Read()
		if err != nil {
			return
		}
		s.out <- msg // want `goexit: the send on s.out blocks forever once its receiver has returned: s.out is an unbuffered channel of a \*session made per request`
	}
}

func Echo(c *gin.Context) {
	cn, err := upgrade(c)
	if err != nil {
		return
	}
	s := newSession(cn)
	go s.writeLoop()
	s.readLoop()
}

// --- a stop method that sends after the loop exited on a write error ---

type peer struct {
	conn conn
	in   chan []byte
	quit chan struct{}
}

func (p *peer) run() {
	for {
		select {
		case m := <-p.in:
			if err := p.conn.Write(m); err != nil {
				return
			}
		case <-p.quit:
			return
		}
	}
}

func (p *peer) stop() {
	p.quit <- struct{}{} // want `goexit: the send on p.quit blocks forever once its receiver has returned`
}

func Peer(c *gin.Context) {
	cn, _ := upgrade(c)
	p := &peer{conn: cn, in: make(chan []byte, 16), quit: make(chan struct{})}
	go p.run()
	defer p.stop()
	for {
		m, err := cn.Read()
		if err != nil {
			return
		}
		select {
		case p.in <- m:
		case <-c.Request.Context().Done():
			return
		}
	}
}

// --- look-alikes ---

// A buffered channel: the stop's one send fits.
type bufPeer struct {
	conn conn
	quit chan struct{}
}

func (p *bufPeer) run() {
	for {
		select {
		case <-p.quit:
			return
		default:
			if err := p.conn.Write(nil); err != nil {
				return
			}
		}
	}
}

func (p *bufPeer) stop() { p.quit <- struct{}{} }

func BufPeer(c *gin.Context) {
	p := &bufPeer{quit: make(chan struct{}, 1)}
	go p.run()
	defer p.stop()
}

// A receiver that drains until close: every send finds it.
type drainer struct {
	conn conn
	out  chan []byte
}

func (d *drainer) writeLoop() {
	for msg := range d.out {
		_ = d.conn.Write(msg)
	}
}

func Drain(c *gin.Context) {
	d := &drainer{out: make(chan []byte)}
	go d.writeLoop()
	defer close(d.out)
	for {
		m, err := d.conn.Read()
		if err != nil {
			return
		}
		d.out <- m
	}
}

// A send that also waits on the receiver's done channel.
type guarded struct {
	conn conn
	out  chan []byte
	done chan struct{}
}

func (g *guarded) writeLoop() {
	defer close(g.done)
	for msg := range g.out {
		if err := g.conn.Write(msg); err != nil {
			return
		}
	}
}

func (g *guarded) send(ctx context.Context, m []byte) {
	select {
	case g.out <- m:
	case <-g.done:
	case <-ctx.Done():
	}
}

func Guarded(c *gin.Context) {
	g := &guarded{out: make(chan []byte), done: make(chan struct{})}
	go g.writeLoop()
	g.send(c.Request.Context(), []byte("hi"))
}

// A long-lived hub made in main: a background worker, not a session.
type hub struct {
	conn      conn
	broadcast chan []byte
}

func (h *hub) run() {
	for m := range h.broadcast {
		if err := h.conn.Write(m); err != nil {
			return
		}
	}
}

func (h *hub) publish(m []byte) { h.broadcast <- m }

var theHub *hub

func Publish(c *gin.Context) { theHub.publish([]byte(c.Query("m"))) }

func main() {
	theHub = &hub{broadcast: make(chan []byte)}
	go theHub.run()
}
