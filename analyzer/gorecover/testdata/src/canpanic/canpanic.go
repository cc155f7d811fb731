// Package canpanic has, for each reason a goroutine can plausibly panic,
// a goroutine that is reported beside a look-alike that is not.
package canpanic

import (
	"context"
	"encoding/json"
	"image"
	"io"
	"log"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"

	"example.com/plugin"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
)

// Explicit panics: a conditional one is reported; a goroutine's own
// unconditional panic (a watchdog) and a crash-on-bug helper are intended.
func Panics(c *gin.Context, n int) {
	go func() { // want `this one can panic \(canpanic.go:28: panic\)`
		if n < 0 {
			panic("negative")
		}
	}()
	go func() {
		<-c.Done()
		panic("request stuck: dumping goroutines")
	}()
	go func() {
		if n < 0 {
			bug("negative")
		}
	}()
}

func bug(msg string) { // want bug:`panics\(crash\)`
	panic("BUG: " + msg)
}

// Type assertions: without comma-ok, reported; with it, or a type switch,
// not.
func Assertions(c *gin.Context, v any) {
	go func() { // want `canpanic.go:50: type assertion without comma-ok`
		log.Print(v.(string))
	}()
	go func() {
		user := c.MustGet("user").(string) // set by the app's middleware
		id := c.Request.Context().Value(ctxKey{})
		log.Print(user, id.(int))
		if s, ok := v.(string); ok {
			log.Print(s)
		}
		switch v := v.(type) {
		case int:
			log.Print(v)
		}
	}()
}

type ctxKey struct{}

// A value from the application's own sync.Pool has the type its New
// makes (alist's IoBuffPool.Get().([]byte)): an assertion on it fails on
// every call or never. Another method named Get is no pool.
var bufPool = sync.Pool{New: func() any { return make([]byte, 512) }}

type cache struct{}

func (cache) Get(k string) any { return nil }

func Pools(c *gin.Context, r io.Reader, kv cache) {
	go func() {
		buf := bufPool.Get().([]byte)
		defer bufPool.Put(buf)
		r.Read(buf)
	}()
	go func() { // want `type assertion without comma-ok`
		log.Print(kv.Get("k").(string))
	}()
}

// Indexes: computed ones are reported; constants, range keys and indexes
// checked against len are not, nor a buffer sliced by what Read filled,
// nor an array (a table indexed by an enumeration).
func Indexes(c *gin.Context, ids []string, i int, s string, r io.Reader, table *[4]int) {
	go func() { // want `index with a computed index`
		log.Print(ids[i])
	}()
	go func() { // want `index with a computed index`
		log.Print(strings.Split(s, ",")[i])
	}()
	go func() { // want `slice with a computed bound`
		log.Print(s[:i])
	}()
	go func() {
		log.Print(ids[0], table[i], ids[len(ids)-1])
		for k := range ids {
			log.Print(ids[k])
		}
		if i < len(ids) {
			log.Print(ids[i])
		}
		buf := make([]byte, 512)
		n, _ := r.Read(buf)
		log.Print(buf[:n])
	}()
}

// Map writes: to a map that is certainly nil, reported; to a made one,
// not.
func Maps(c *gin.Context) {
	go func() { // want `write to the nil map seen`
		var seen map[string]bool
		seen["a"] = true
	}()
	go func() {
		seen := map[string]bool{}
		seen["a"] = true
		var counts map[string]int
		counts = make(map[string]int)
		counts["a"]++
	}()
}

// Function values: hooks in fields and callbacks from outside the
// goroutine, whose source is not seen, are not reasons by default (see
// TestFields for -gorecover.hooks); a closure is what its body does; a
// context.CancelFunc is trusted.
type Hooks struct{ OnDone func() }

func Callbacks(h *Hooks, f func()) gin.HandlerFunc {
	return func(c *gin.Context) {
		go func() {
			h.OnDone()
		}()
		go func() {
			f()
		}()
		logIt := func() { log.Print("done") }
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			<-ctx.Done()
			logIt()
			cancel()
		}()
		pick := func(k int) string { return os.Args[k] }
		go func() { // want `call of pick, which can panic: canpanic.go:\d+: index with a computed index`
			log.Print(pick(len(os.Args)))
		}()
	}
}

// Interfaces of the user's: reported when an implementation can panic;
// the standard library's interfaces are trusted.
type Store interface{ Save(v any) }

type memStore struct{ items []any }

func (m *memStore) Save(v any) { m.items = append(m.items, v.(string)) } // want Save:`panics\(type assertion without comma-ok in \(\*canpanic.memStore\).Save at canpanic.go:\d+\)`

type Notifier interface{ Notify(msg string) }

type logNotifier struct{}

func (logNotifier) Notify(msg string) { log.Print(msg) }

func Interfaces(c *gin.Context, s Store, n Notifier, w io.Writer) {
	go func() { // want `call of Save, implemented by \(\*canpanic.memStore\).Save, which can panic: type assertion without comma-ok`
		s.Save(c.Query("v"))
	}()
	go func() {
		n.Notify("x")
		io.WriteString(w, "x")
	}()
}

// Decoding external input: images (their decoders have panicked on
// crafted input) are reported; JSON is trusted. A regexp compiled from
// input is reported, a constant one not.
func Decoding(c *gin.Context, r io.Reader, data []byte) {
	go func() { // want `decodes an image with image.Decode`
		image.Decode(r)
	}()
	go func() {
		var v map[string]any
		_ = json.Unmarshal(data, &v)
		regexp.MustCompile(`^a+$`)
	}()
	go func() { // want `regexp.MustCompile of a computed pattern`
		regexp.MustCompile(c.Query("re"))
	}()
}

// Calls a reviewer trusts: copying, closing, waiting, running a command,
// logging.
func Trusted(c *gin.Context, dst io.Writer, src io.ReadCloser) {
	go func() {
		io.Copy(dst, src)
		src.Close()
		cmd := exec.Command("systemctl", "restart", "app")
		if err := cmd.Run(); err != nil {
			log.Printf("restart: %v", err)
		}
	}()
}

// A send on a channel the handler may close is reported; a producer that
// closes its own channel is not.
func Channels(c *gin.Context) {
	results := make(chan int)
	go func() { // want `send on a channel closed at canpanic.go:\d+`
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

// gorilla/websocket panics on concurrent writes: a goroutine writing on
// the connection the handler also writes is reported; a single writer
// goroutine (the handler only reads) is not.
var upgrader websocket.Upgrader

func Stream(c *gin.Context) {
	conn, _ := upgrader.Upgrade(c.Writer, c.Request, nil)
	go func() { // want `websocket write that can run concurrently with the one at canpanic.go:\d+`
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
			conn.WriteControl(websocket.TextMessage, nil)
			return
		}
	}
}

// Writes under one mutex do not run concurrently (ntfy's wlock around its
// ping and its messages); under two different ones they do.
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
	go func() { // want `websocket write that can run concurrently`
		pingLock.Lock()
		defer pingLock.Unlock()
		conn.WriteMessage(websocket.TextMessage, nil)
	}()
	msgLock.Lock()
	conn.WriteJSON("hello")
	msgLock.Unlock()
}

// A function configured with -gorecover.panickers can panic; the rest of
// its package is trusted.
func Plugins(c *gin.Context) {
	go func() { // want `call of Run \(-gorecover.panickers\)`
		plugin.Run("search")
	}()
	go func() {
		log.Print(plugin.Name())
	}()
}

// A package variable holding a literal is that literal (a test may
// replace it: a seam, not a hook).
var writeJSON = func(conn *websocket.Conn, v any) error { return conn.WriteJSON(v) }

func Seam(c *gin.Context, conn *websocket.Conn) {
	go func() {
		writeJSON(conn, "x")
	}()
}

// An index (or slice bound) that is a parameter of an unexported
// function is as safe as a constant when every call passes one: a table
// indexed by an enumeration (one-api's batch-update stores). A call with
// a computed value, a parameter the function reassigns, or an exported
// function (callers elsewhere) keep the reason.
const (
	kindUser = iota
	kindToken
	kindCount
)

var stores = make([][]int64, kindCount)

func addRecord(kind int, v int64) { stores[kind] = append(stores[kind], v) }

func firstRecords(kind, n int) []int64 { return stores[kind][:n] }

func addRecordAt(kind int, v int64) { stores[kind] = append(stores[kind], v) } // want addRecordAt:`panics\(index with a computed index in canpanic.addRecordAt`

func nextRecord(kind int) int64 { // want nextRecord:`panics\(index with a computed index in canpanic.nextRecord`
	kind++
	return stores[kind][0]
}

func AddRecord(kind int, v int64) { stores[kind] = append(stores[kind], v) } // want AddRecord:`panics\(index with a computed index in canpanic.AddRecord`

func Records(c *gin.Context, kind int) {
	go func() {
		addRecord(kindUser, 1)
		addRecord(kindToken, -1)
		log.Print(firstRecords(kindUser, 2))
	}()
	go func() { // want `call of addRecordAt, which can panic: index with a computed index in canpanic.addRecordAt`
		addRecordAt(kindUser, 1)
		addRecordAt(kind, 1)
	}()
	go func() { // want `call of nextRecord, which can panic`
		log.Print(nextRecord(kindUser))
	}()
	go func() { // want `call of AddRecord, which can panic`
		AddRecord(kindUser, 1)
	}()
}
