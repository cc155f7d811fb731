package canpanic

import (
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// The starter asks for the slice's len before the go statement (1Panel's
// loadRecordSize); a look-alike that never does.
func Sizes(c *gin.Context, records []string, n int) {
	var wg sync.WaitGroup
	for i := 0; i < len(records); i++ {
		wg.Add(1)
		go func(index int) {
			defer wg.Done()
			println(records[index])
		}(i)
	}
	wg.Wait()
}

func SizesWrong(c *gin.Context, records []string, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(index int) { // want `index with a computed index`
			defer wg.Done()
			println(records[index])
		}(i)
	}
	wg.Wait()
}

// A search of the value itself, guarded by a check that it succeeds
// (1Panel's handleTar); without the check it can return -1.
func Dirs(c *gin.Context, dir string) {
	go func() {
		if strings.Contains(dir, "/") {
			println(dir[strings.LastIndex(dir, "/"):])
		}
	}()
	go func() { // want `slice with a computed bound`
		println(dir[:strings.Index(dir, "/")])
	}()
}

// Fan-in: the channel is closed once the senders are done (after
// wg.Wait, or after receiving from each of them).
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

// A look-alike: the channel is closed without waiting for the senders.
func FanInEarly(c *gin.Context, urls []string) {
	results := make(chan string, len(urls))
	for _, u := range urls {
		go func() { // want `send on a channel closed at guards.go:\d+`
			results <- u
		}()
	}
	close(results)
}

// A client whose reader closes its outbox on the way out, and the only
// caller of the function that sends on it is that reader (1Panel's
// websocket.Client.Read and ProcessData).
type client struct{ out chan []byte }

func (cl *client) read(msgs [][]byte) {
	defer func() { close(cl.out) }()
	for _, m := range msgs {
		process(cl, m)
	}
}

func process(cl *client, m []byte) { cl.out <- m }

type peer struct{ out chan []byte }

func (pe *peer) read(msgs [][]byte) { // want read:`starts\(go statement at guards.go:\d+\)`
	defer close(pe.out)
	for _, m := range msgs {
		go forward(pe, m)
	}
}

func forward(pe *peer, m []byte) { pe.out <- m } // want forward:`panics\(send on a channel closed at guards.go:\d+ in canpanic.forward at guards.go:\d+\)`

func Clients(c *gin.Context, msgs [][]byte) {
	cl := &client{out: make(chan []byte, 1)}
	go cl.read(msgs)
}

// A write that happens before the goroutine starts cannot run
// concurrently with it (1Panel's ContainerLogs: one reply when not
// following, else a streaming goroutine); one in a loop around the go
// statement can.
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
		go func() { // want `websocket write that can run concurrently with the one at guards.go:\d+`
			conn.WriteJSON("line")
		}()
	}
}

// Chunks: the starter bounds the chunk by the slice's len before the go
// statement (1Panel's getProcessData); a look-alike that does not.
func Chunks(c *gin.Context, xs []string, size int) {
	var wg sync.WaitGroup
	for start := 0; start < len(xs); start += size {
		end := start + size
		if end > len(xs) {
			end = len(xs)
		}
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			for j := start; j < end; j++ {
				println(xs[j])
			}
		}(start, end)
	}
	wg.Wait()
}

func ChunksUnbounded(c *gin.Context, xs []string, size, n int) {
	var wg sync.WaitGroup
	for start := 0; start < n; start += size {
		wg.Add(1)
		go func(start int) { // want `index with a computed index`
			defer wg.Done()
			for j := start; j < start+size; j++ {
				println(xs[j])
			}
		}(start)
	}
	wg.Wait()
}
