// Package model has, for each source of data the program does not
// control and each partial operation, a goroutine that reaches the
// operation unguarded (reported) beside its guarded look-alike (not).
package model

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"image"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

type Order struct {
	Items []string       `json:"items"`
	Pos   int            `json:"pos"`
	Meta  map[string]any `json:"meta"`
	Count int            `json:"count"`
}

func use(...any) {}

// A constant index into the split of a path value.
func PathSplit(c *gin.Context) {
	parts := strings.Split(c.Param("path"), "/")
	go func() { // want `gorecover: a panic in this goroutine kills the whole server.*model.go:36: index out of range on data the program does not control`
		use(parts[2])
	}()
	go func() {
		if len(parts) > 2 {
			use(parts[2])
		}
	}()
	go func() { use(parts[0]) }() // a split has one element at least
}

// A constant index into an element of a slice bound from the body.
func Bound(c *gin.Context) {
	var o Order
	if err := c.ShouldBindJSON(&o); err != nil {
		return
	}
	go func() { // want `index out of range on data the program does not control`
		use(o.Items[0])
	}()
	if len(o.Items) == 0 {
		return
	}
	go func() { use(o.Items[0]) }() // checked in the handler, before the goroutine starts
}

// A position the client chose, carried in the bound struct.
func Position(c *gin.Context) {
	var o Order
	_ = c.ShouldBind(&o)
	table := []string{"a", "b"}
	go func() { // want `index out of range`
		use(table[o.Pos])
	}()
	go func() {
		if o.Pos < 0 || o.Pos >= len(table) {
			return
		}
		use(table[o.Pos])
	}()
}

// A slice bound read from a header.
func Header(c *gin.Context) {
	n, _ := strconv.Atoi(c.GetHeader("X-Len"))
	buf := make([]byte, 64)
	go func() { // want `slice bounds out of range`
		use(buf[:n])
	}()
	go func() {
		if n <= len(buf) && n >= 0 {
			use(buf[:n])
		}
	}()
}

// A type assertion on a decoded body.
func Decoded(c *gin.Context) {
	var body map[string]any
	_ = json.NewDecoder(c.Request.Body).Decode(&body)
	go func() { // want `type assertion without comma-ok`
		use(body["user"].(map[string]any))
	}()
	go func() {
		if u, ok := body["user"].(map[string]any); ok {
			use(u)
		}
	}()
	// An assertion to an interface the value's type has: it cannot fail.
	go func() { use(io.Reader(c.Request.Body).(io.Reader)) }()
}

// A query value used as a divisor.
func Divide(c *gin.Context) {
	n, _ := strconv.Atoi(c.Query("per"))
	go func() { // want `division by zero`
		use(100 / n)
	}()
	go func() {
		if n == 0 {
			return
		}
		use(100 / n)
	}()
}

type handler interface{ Run() }

var handlers = map[string]handler{}

// A lookup by a client key that returns nil for an unknown one, then used.
func Lookup(c *gin.Context) {
	h := handlers[c.Query("kind")]
	go func() { // want `nil dereference of a lookup that found nothing`
		h.Run()
	}()
	go func() {
		if h != nil {
			h.Run()
		}
	}()
	go func() {
		if g, ok := handlers[c.Query("kind")]; ok {
			g.Run()
		}
	}()
}

type counter struct{ seen map[string]int }

// A struct whose map field no code of the package makes.
func NilMap(c *gin.Context) {
	var s counter
	go func() { // want `write to a nil map\);`
		s.seen[c.Query("k")]++
	}()
}

type made struct{ seen map[string]int }

func newMade() *made { return &made{seen: map[string]int{}} }

func MadeMap(c *gin.Context) {
	s := newMade()
	go func() { s.seen[c.Query("k")]++ }()
}

// A pattern compiled from a query value: QuoteMeta does not make every
// string valid (invalid UTF-8 passes through it).
func Pattern(c *gin.Context) {
	q := regexp.QuoteMeta(c.Query("q"))
	go func() { // want `call of regexp.MustCompile on data the program does not control`
		use(regexp.MustCompile(q))
	}()
	go func() { use(regexp.MustCompile(`^[a-z]+$`)) }() // the program's own pattern
}

// An uploaded image decoded.
func Upload(c *gin.Context) {
	fh, err := c.FormFile("img")
	if err != nil {
		return
	}
	go func() { // want `call of image.Decode`
		f, _ := fh.Open()
		use(image.Decode(f))
	}()
}

// A panic whose condition depends on the request, and one that does not.
func Panics(c *gin.Context) {
	raw, _ := c.GetRawData()
	go func() { // want `panic on data the program does not control`
		if len(raw) > 1<<20 {
			panic("too large")
		}
	}()
	go func() {
		panic("unreachable: the watchdog's deliberate crash")
	}()
}

// The standard net/http request: its URL, headers and form.
func Std(w http.ResponseWriter, r *http.Request) {
	ids := strings.Fields(r.URL.Query().Get("ids"))
	go func() { // want `index out of range`
		use(ids[0])
	}()
	go func() {
		for _, id := range ids {
			use(id)
		}
	}()
	cookie, _ := c2(r)
	go func() { // want `slice bounds out of range`
		use(cookie[:8])
	}()
}

func c2(r *http.Request) (string, error) {
	ck, err := r.Cookie("session")
	if err != nil {
		return "", err
	}
	return ck.Value, nil
}

// A reply from another service, and a file's contents.
func Reply(c *gin.Context) {
	go func() { // want `type assertion without comma-ok`
		resp, err := http.Get("http://inventory/stock")
		if err != nil {
			return
		}
		defer resp.Body.Close()
		var v any
		_ = json.NewDecoder(resp.Body).Decode(&v)
		use(v.(map[string]any))
	}()
	go func() { // want `index out of range`
		b, _ := os.ReadFile("/etc/app/limits")
		use(b[0])
	}()
}

// Rows scanned into an interface value.
func Rows(c *gin.Context, db *sql.DB) {
	go func() { // want `type assertion without comma-ok`
		rows, _ := db.Query("select v from kv")
		for rows.Next() {
			var v any
			_ = rows.Scan(&v)
			use(v.(string))
		}
	}()
}

// Values the program chooses itself are not sources: its constants, its
// enums checked against their count, its own tables.
type level int

const (
	debug level = iota
	info
	numLevels
)

var levelNames = [...]string{"debug", "info"}

func Own(c *gin.Context) {
	lv := info
	go func() { use(levelNames[lv]) }()
	n, _ := strconv.Atoi(c.Query("level"))
	go func() {
		if n >= int(numLevels) {
			return
		}
		use(levelNames[n])
	}()
	names := []string{"a", "b", "c"}
	go func() { use(names[1]) }()
	var cache = map[string]any{"k": 1}
	go func() { use(cache["k"].(int)) }() // stored by the program: not a source
}

// Look-alikes from applications: an assertion in a branch only optional
// arguments reach, which no caller passes; a cache asserting back the
// value its own code stored; a pool's and the request context's values.
type Config struct{ Name string }

func run(name string, opts ...any) string {
	if len(opts) > 0 {
		return opts[0].(Config).Name
	}
	return name
}

type cache struct{ m map[string]any }

func (c *cache) get(k string) any { return c.m[k] }

var pages = &cache{m: map[string]any{}}

func Optional(c *gin.Context) {
	q := c.Query("name")
	go func() { use(run(q)) }()
	go func() { use(pages.get(q).([]byte)) }()
	go func() {
		u, _ := c.Get("user")
		use(u.(string))
	}()
}

// Look-alikes from the first run on applications never run before
// (docs/field-results.md, issue 19): a bound of 0 is in range of any
// length; each submatch of FindAll*Submatch is as long as the program's
// pattern has groups (the result of FindStringSubmatch is nil without a
// match); a fan-out index reaches the goroutine through a parameter; a map
// the function made holds the types it put there; json.Marshal of the
// program's types fails by its types, not by the data.
var words = regexp.MustCompile(`(\w+)=(\w+)`)

func FirstRun(c *gin.Context) {
	q := c.Query("q")
	hdr := c.Request.Header
	go func() { use(append(hdr["X-A"][:0], "v")) }()
	go func() {
		for _, m := range words.FindAllStringSubmatch(q, -1) {
			use(m[1], m[2])
		}
	}()
	go func() { // want `index out of range`
		m := words.FindStringSubmatch(q) // nil without a match
		use(m[1])
	}()
	items := strings.Fields(q)
	results := make([]string, len(items))
	for i, it := range items {
		go func(j int, s string) { results[j] = s }(i, it)
	}
	go func() {
		out := map[string]any{"hits": 0, "query": q}
		out["hits"] = out["hits"].(int) + len(items)
		use(out)
	}()
	go func() { // want `type assertion without comma-ok`
		out := map[string]any{}
		var v any
		_ = json.Unmarshal([]byte(q), &v)
		out["v"] = v
		use(out["v"].(string))
	}()
	go func() {
		b, err := json.Marshal(items)
		if err != nil {
			panic(err)
		}
		use(b)
	}()
}

// A slice the program builds is as long as it made it, whatever its
// elements hold: its last element is the program's business; an index
// the data chose is still checked.
type Msg struct{ Content string }

func convert(in []string) []Msg {
	var out []Msg
	for _, s := range in {
		out = append(out, Msg{Content: s})
	}
	return out
}

type Chat struct{ Messages []Msg }

func Built(c *gin.Context) {
	q := c.Query("q")
	n, _ := strconv.Atoi(c.Query("n"))
	go func() {
		req := Chat{Messages: convert([]string{"system", q})}
		req.Messages[len(req.Messages)-1].Content += "."
	}()
	go func() { // want `index out of range`
		req := Chat{Messages: convert([]string{q})}
		use(req.Messages[n])
	}()
}

// An interface value whose dynamic type the program chose (a function
// that returns values of its own types) asserts as the program made it,
// whatever data it holds; one a decoder made holds the client's choice.
func outbound(q string, raw bool) any {
	if raw {
		return map[string]string{"q": q}
	}
	return &Chat{Messages: []Msg{{Content: q}}}
}

func inbound(q string) any {
	var v any
	_ = json.Unmarshal([]byte(q), &v)
	return v
}

func Typed(c *gin.Context) {
	q := c.Query("q")
	go func() { use(outbound(q, false).(*Chat)) }()
	go func() { // want `type assertion without comma-ok`
		use(inbound(q).(map[string]any))
	}()
}

// More sources × operations: a form value, a cookie, a query divisor in a
// callee of the package, an uploaded file's name, a path value asserted
// after decoding, each beside its guarded look-alike.
func half(n int) int { return 100 / n } // want half:`panics\(param 0: division by zero in model.half at model.go:\d+\)`

func Matrix(c *gin.Context) {
	ids := strings.Split(c.PostForm("ids"), ",")
	go func() { // want `index out of range`
		use(ids[1])
	}()
	go func() {
		if len(ids) > 1 {
			use(ids[1])
		}
	}()
	ck, _ := c.Cookie("session")
	go func() { // want `slice bounds out of range`
		use(ck[:16])
	}()
	go func() {
		if len(ck) >= 16 {
			use(ck[:16])
		}
	}()
	per, _ := strconv.Atoi(c.DefaultQuery("per", "10"))
	go func() { // want `call of half, which can panic: division by zero in model.half`
		use(half(per))
	}()
	go func() {
		if per > 0 {
			use(half(per))
		}
	}()
	go func() { use(half(4)) }()
	fh, _ := c.FormFile("f")
	go func() { // want `index out of range`
		use(strings.Split(fh.Filename, ".")[1])
	}()
	var v any
	_ = json.Unmarshal([]byte(c.Param("doc")), &v)
	go func() { // want `type assertion without comma-ok`
		use(v.(map[string]any)["k"])
	}()
	go func() {
		if m, ok := v.(map[string]any); ok {
			use(m["k"])
		}
	}()
}

// A bound computed from the length of a part of the value: a suffix is
// never longer than its string, whatever the client sent; a bound from
// the length of another value is.
func Suffix(c *gin.Context) {
	name := c.Query("name")
	ext := filepath.Ext(name)
	go func() { use(name[:len(name)-len(ext)]) }()
	go func() { use(name[len(strings.TrimSpace(name)):]) }()
	other := c.Query("other")
	go func() { // want `slice bounds out of range on data the program does not control`
		use(name[:len(name)-len(other)])
	}()
}

// Who chose the length: a hash's digest is as long as its type says, and
// its hex encoding twice that, whatever the client sent; the encoding of
// the client's own bytes is as long as the client chose.
func Digest(c *gin.Context) {
	digest := sha256.Sum256([]byte(c.Query("account")))
	go func() { use(hex.EncodeToString(digest[:])[:8]) }()
	raw := c.Query("raw")
	go func() { // want `slice bounds out of range on data the program does not control`
		use(hex.EncodeToString([]byte(raw))[:8])
	}()
}

// An assertion on a parameter, to a type the argument's producer chose (a
// library returns its own interface's implementations, whatever data it
// is handed: gorm/gen's Where returns its *DO), beside one on data
// decoded into an interface.
func asMulti(r io.Reader) io.WriterTo { return r.(io.WriterTo) } // want asMulti:`panics\(param 0: type assertion without comma-ok`

func asMap(v any) map[string]any { return v.(map[string]any) } // want asMap:`panics\(param 0: type assertion without comma-ok`

func Query(c *gin.Context) {
	go func() { use(asMulti(io.MultiReader(strings.NewReader(c.Query("id"))))) }()
	var v any
	_ = json.Unmarshal([]byte(c.Query("doc")), &v)
	go func() { // want `call of asMap, which can panic: type assertion without comma-ok`
		use(asMap(v))
	}()
}
