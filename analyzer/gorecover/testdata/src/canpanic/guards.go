package canpanic

import (
	"container/heap"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

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

// A search result kept in a variable and checked (sub2api's
// normalizeModelNameForPricing); unchecked, it can be -1.
func Models(c *gin.Context, model string) {
	go func() {
		if idx := strings.LastIndex(model, "/models/"); idx != -1 {
			println(model[idx+len("/models/"):])
		}
	}()
	go func() { // want `slice with a computed bound`
		idx := strings.Index(model, ":")
		println(model[idx+1:])
	}()
}

// A stream whose closure sends before the deferred close (nightingale's
// streamResponse); a goroutine of it does not.
func stream(ch chan<- string, lines []string) {
	defer close(ch)
	finish := func() { ch <- "done" }
	for _, l := range lines {
		ch <- l
	}
	finish()
}

func streamAsync(ch chan<- string, lines []string) { // want streamAsync:`starts\(go statement at guards.go:\d+\)`
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
	go streamAsync(ch, lines) // want `canpanic.streamAsync starts a goroutine that does not recover \(go statement at guards.go:\d+, in canpanic.streamAsync\).*send on a channel closed`
}

// Copies made as long as their source, a type switch's own case, and a
// cache of one type in a sync.Map (nightingale's DeepCopy,
// isCriticalBackend, officialClient).
type event struct{ groups []*string }

func (e *event) copy() *event {
	cp := *e
	cp.groups = make([]*string, len(e.groups))
	for i, g := range e.groups {
		cp.groups[i] = g
	}
	cols := []string{"a", "b"}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	return &cp
}

type writer struct{ async bool }

// clients holds only *writer values: the package's one Store puts them
// there (issue 19: a store the program fills itself).
var clients sync.Map

func connect(key string, w *writer) { clients.Store(key, w) }

func (e *event) write(backend any, key string) bool {
	switch backend.(type) {
	case writer:
		return backend.(writer).async
	}
	if c, ok := clients.Load(key); ok {
		return c.(*writer).async
	}
	return false
}

func Events(c *gin.Context, e *event, b any) {
	go func() {
		println(e.copy(), e.write(b, c.Query("k")))
	}()
	go func() { // want `type assertion without comma-ok`
		println(b.(writer).async)
	}()
}

// Values of one type by construction: an atomic.Value (which panics on a
// Store of another type itself), heap.Pop of the package's own heap, and
// a pattern held in a variable assigned a constant (ollama's LastError,
// encodeBPEMerge, BlobsPath).
type status struct{ last atomic.Value }

type pairHeap []*string

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return *h[i] < *h[j] }         // want Less:`panics\(index with a computed index`
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }      // want Swap:`panics\(index with a computed index`
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(*string)) } // want Push:`panics\(type assertion without comma-ok`
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func Typed(c *gin.Context, st *status, h *pairHeap, digest string) {
	go func() {
		if v := st.last.Load(); v != nil {
			println(v.(string))
		}
		for h.Len() > 0 {
			println(heap.Pop(h).(*string))
		}
		pattern := "^sha256:[0-9a-f]{64}$"
		println(regexp.MustCompile(pattern).MatchString(digest))
	}()
	go func() { // want `regexp.MustCompile of a computed pattern`
		pattern := "^" + digest
		println(regexp.MustCompile(pattern).MatchString(digest))
	}()
}

func Transport(c *gin.Context) {
	go func() {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		println(tr)
	}()
}

// An element's bound checked before use (nightingale's iotdb
// responseToRows), and an element's field made as long as the slice
// ranged over (ollama's cloneMessages); look-alikes without either.
type response struct{ values [][]string }

type message struct{ images [][]byte }

func Rows(c *gin.Context, resp *response, rows int, in []message) {
	go func() {
		for row := 0; row < rows; row++ {
			for col := range resp.values {
				if row >= len(resp.values[col]) {
					continue
				}
				println(resp.values[col][row])
			}
		}
		out := make([]message, len(in))
		for i, m := range in {
			out[i].images = make([][]byte, len(m.images))
			for j, img := range m.images {
				out[i].images[j] = img
			}
		}
	}()
	go func() { // want `index with a computed index`
		for row := 0; row < rows; row++ {
			for col := range resp.values {
				println(resp.values[col][row])
			}
		}
	}()
	go func() { // want `index with a computed index`
		out := make([]message, len(in))
		for i, m := range in {
			out[i].images = make([][]byte, 1)
			for j, img := range m.images {
				out[i].images[j] = img
			}
		}
	}()
}
