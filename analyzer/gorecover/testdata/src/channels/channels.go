// Package channels: the two partial operations that are not about data —
// a send on a channel the package closes elsewhere, and a gorilla/websocket
// write that can run concurrently with another — each beside the
// look-alikes where the close waits for the senders or the writes cannot
// overlap.
package channels

import (
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
)

// A send on a channel the handler may close first; a producer that
// closes its own channel after sending.
func Channels(c *gin.Context) {
	results := make(chan int)
	go func() { // want `send on a channel closed at channels.go:22`
		results <- 1
	}()
	close(results)

	out := make(chan int)
	go func() {
		defer close(out)
		out <- 1
	}()
	<-out
}

// Fan-in: the channel is closed once the senders are done (after a
// WaitGroup's Wait, or after receiving from each of them).
func FanIn(c *gin.Context, urls []string) {
	results := make(chan string)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- u
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		println(r)
	}

	done, errs := make(chan string), make(chan error)
	for _, u := range urls {
		go func() {
			if u == "" {
				errs <- nil
				return
			}
			done <- u
		}()
	}
	for range urls {
		select {
		case <-done:
		case <-errs:
		}
	}
	close(done)
	close(errs)
}

// Look-alikes: the channel is closed without waiting for the senders, or
// after a Wait that waits for something else (a condition variable's
// Wait is no WaitGroup's: the close does not wait for the senders).
func FanInEarly(c *gin.Context, urls []string, cond *sync.Cond) {
	results := make(chan string, len(urls))
	for _, u := range urls {
		go func() { // want `send on a channel closed at channels.go:82`
			results <- u
		}()
	}
	close(results)

	other := make(chan string, len(urls))
	for _, u := range urls {
		go func() { // want `send on a channel closed at channels.go:91`
			other <- u
		}()
	}
	cond.Wait()
	close(other)
}

// A client whose reader closes its outbox on the way out, and the only
// caller of the function that sends on it is that reader; a peer whose
// reader sends from goroutines of its own, which may still run at the
// close.
type client struct{ out chan []byte }

func (cl *client) read(msgs [][]byte) {
	defer func() { close(cl.out) }()
	for _, m := range msgs {
		process(cl, m)
	}
}

func process(cl *client, m []byte) { cl.out <- m }

type peer struct{ out chan []byte }

func (pe *peer) read(msgs [][]byte) { // want read:`starts\(go statement at channels.go:114\)`
	defer close(pe.out)
	for _, m := range msgs {
		go forward(pe, m)
	}
}

func forward(pe *peer, m []byte) { pe.out <- m } // want forward:`panics\(send on a channel closed at channels.go:112 in channels.forward at channels.go:118\)`

func Clients(c *gin.Context, msgs [][]byte) {
	cl := &client{out: make(chan []byte, 1)}
	go cl.read(msgs)
	pe := &peer{out: make(chan []byte, 1)}
	go pe.read(msgs) // want `\(\*channels.peer\).read starts a goroutine that does not recover \(go statement at channels.go:114, in \(\*channels.peer\).read\).*send on a channel closed at channels.go:112`
}

// A stream whose closure sends before the deferred close; a goroutine of
// it does not.
func stream(ch chan<- string, lines []string) {
	defer close(ch)
	finish := func() { ch <- "done" }
	for _, l := range lines {
		ch <- l
	}
	finish()
}

func streamAsync(ch chan<- string, lines []string) { // want streamAsync:`starts\(go statement at channels.go:141\)`
	defer close(ch)
	for _, l := range lines {
		go func() {
			ch <- l
		}()
	}
}

func Streams(c *gin.Context, lines []string) {
	ch := make(chan string, len(lines)+1)
	go stream(ch, lines)
	go streamAsync(ch, lines) // want `channels.streamAsync starts a goroutine that does not recover \(go statement at channels.go:141, in channels.streamAsync\).*send on a channel closed`
}

// gorilla/websocket panics on concurrent writes: a goroutine writing on
// the connection the handler also writes; a single writer goroutine (the
// handler only reads) is not.
var upgrader websocket.Upgrader

func Stream(c *gin.Context) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	go func() { // want `websocket write that can run concurrently with the one at channels.go:163`
		conn.WriteMessage(websocket.TextMessage, []byte("ping"))
	}()
	conn.WriteJSON("hello")
}

func SingleWriter(c *gin.Context) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	go func() {
		conn.WriteMessage(websocket.TextMessage, []byte("ping"))
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

// Writes under one mutex do not run concurrently; under two different
// ones they do.
func Locked(c *gin.Context) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	var wlock sync.Mutex
	go func() {
		wlock.Lock()
		defer wlock.Unlock()
		conn.WriteMessage(websocket.TextMessage, nil)
	}()
	send := func(v any) error {
		wlock.Lock()
		defer wlock.Unlock()
		return conn.WriteJSON(v)
	}
	send("hello")
}

func TwoLocks(c *gin.Context) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	var pingLock, msgLock sync.Mutex
	go func() { // want `websocket write that can run concurrently with the one at channels.go:205`
		pingLock.Lock()
		defer pingLock.Unlock()
		conn.WriteMessage(websocket.TextMessage, nil)
	}()
	msgLock.Lock()
	conn.WriteJSON("hello")
	msgLock.Unlock()
}

// A write that happens before the goroutine starts cannot run
// concurrently with it (one reply when not following, else a streaming
// goroutine); one in a loop around the go statement can.
func Logs(c *gin.Context, follow bool, lines []string) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	if !follow {
		conn.WriteJSON(lines)
		return
	}
	go func() {
		conn.WriteJSON("line")
	}()
}

func LogsLoop(c *gin.Context, lines []string) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	for range lines {
		conn.WriteJSON("tick")
		go func() { // want `websocket write that can run concurrently with the one at channels.go:226`
			conn.WriteJSON("line")
		}()
	}
}

// A close after a group's wait waits only for the goroutines the group
// counts: a scanner run from a function value, not counted, may still
// send after the close; a worker that hands the group to a helper is
// counted.
func Scan(c *gin.Context, files []string) {
	errCh := make(chan error, 1)
	var wg sync.WaitGroup
	errScanner := func() {
		errCh <- nil
	}
	go errScanner() // want `a panic in this goroutine kills the whole server.*send on a channel closed at channels.go:252`
	for range files {
		wg.Add(1)
		go func() {
			defer done(&wg)
			errCh <- nil
		}()
	}
	wg.Wait()
	close(errCh)
}

func done(wg *sync.WaitGroup) { wg.Done() }

// A close on a path that returns before the goroutine starts: each call
// has its own channel and takes one path or the other. Closed after the
// goroutine starts, it can race with the send.
func Stats(c *gin.Context, ids []string) <-chan int {
	out := make(chan int)
	if len(ids) == 0 {
		defer close(out)
		return out
	}
	go func() {
		out <- len(ids)
	}()
	return out
}

func StatsLate(c *gin.Context, ids []string) <-chan int {
	out := make(chan int, 1)
	go func() { // want `send on a channel closed at channels.go:278`
		out <- len(ids)
	}()
	if len(ids) == 0 {
		close(out)
	}
	return out
}

// A field of a value another handler made is another channel; the
// handler's own value, closed while its goroutine may still send, is the
// same one.
type wsClient struct{ send chan []byte }

func Subscribe(c *gin.Context) {
	cl := &wsClient{send: make(chan []byte, 8)}
	defer close(cl.send)
	go func() {
		for range cl.send {
		}
	}()
}

func Status(c *gin.Context) {
	local := &wsClient{send: make(chan []byte, 8)}
	go func() {
		local.send <- []byte("status")
	}()
}

func StatusClosed(c *gin.Context) {
	local := &wsClient{send: make(chan []byte, 8)}
	go func() { // want `send on a channel closed at channels.go:309`
		local.send <- nil
	}()
	close(local.send)
}

// Writes under one mutex, locked in a nested block or with TryLock, do
// not run concurrently.
func Nested(c *gin.Context, follow bool) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	var mu sync.Mutex
	go func() {
		for {
			select {
			case <-c.Done():
				return
			default:
				mu.Lock()
				conn.WriteJSON("tick")
				mu.Unlock()
			}
		}
	}()
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		if follow {
			if !mu.TryLock() {
				return
			}
			conn.WriteJSON("pong")
			mu.Unlock()
		}
		if mu.TryLock() {
			conn.WriteJSON("pong")
			mu.Unlock()
		}
	}
}

// A connection and its mutex, fields of one writer: the methods lock the
// same field, whatever their receivers are called; a method that writes
// without it races with them.
type writer struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

func (w *writer) ping() {
	if !w.mu.TryLock() {
		return
	}
	defer w.mu.Unlock()
	w.conn.WriteJSON("ping")
}

func send(wr *writer, v any) {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	wr.conn.WriteJSON(v)
}

func Writer(c *gin.Context, wr *writer) {
	go wr.ping()
	send(wr, "hello")
}

type rawWriter struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

func (w *rawWriter) raw() { w.conn.WriteJSON("raw") } // want raw:`panics\(websocket write that can run concurrently`

func (w *rawWriter) send(v any) { // want send:`panics\(websocket write that can run concurrently`
	w.mu.Lock()
	defer w.mu.Unlock()
	w.conn.WriteJSON(v)
}

func Raw(c *gin.Context, wr *rawWriter) { // want Raw:`panics\(websocket write that can run concurrently`
	go wr.raw() // want `a panic in raw, run on a new goroutine.*websocket write that can run concurrently`
	wr.send("hello")
}

// Nested groups: each server's goroutine, counted in wg, waits for its
// own fetchers on serverWg before it ends; the close after wg.Wait comes
// after every send.
func Refresh(c *gin.Context, servers []string) {
	errCh := make(chan error, 4*len(servers))
	var wg sync.WaitGroup
	for range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var serverWg sync.WaitGroup
			serverWg.Add(1)
			go func() {
				defer serverWg.Done()
				errCh <- nil
			}()
			serverWg.Wait()
		}()
	}
	wg.Wait()
	close(errCh)
}
