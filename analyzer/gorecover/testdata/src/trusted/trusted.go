// Package trusted holds what gorecover trusts by default although it
// looks like a reason to panic, next to the look-alikes that stay one.
package trusted

import (
	"encoding/json"
	"fmt"
	"image"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"

	"github.com/disintegration/imaging"
	"github.com/gin-gonic/gin"
)

// A computed index into the function's own data is bounded by what
// computed it (a ring buffer, nightingale's eval records); into a
// package-level table, a value from elsewhere can be out of range
// (tidb-dashboard's PBLogLevelSlice[r.MinLevel:]).
type ring struct {
	lines []string
	start int
}

func (r *ring) last(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, r.lines[(r.start+i)%len(r.lines)])
	}
	return out
}

var levelNames = []string{"debug", "info", "warn", "error"}

type query struct {
	MinLevel int
	Levels   struct{ Names []string }
}

var defaults query

func Tail(c *gin.Context, r *ring, q query) {
	go func() {
		println(r.last(3))
	}()
	go func() { // want `index with a computed index`
		println(levelNames[q.MinLevel])
	}()
	go func() { // want `slice with a computed bound`
		println(levelNames[q.MinLevel:])
	}()
	go func() { // want `index with a computed index`
		println(defaults.Levels.Names[q.MinLevel])
	}()
	go func() {
		println(levelNames[2]) // a constant index
	}()
}

// A function's check of its own arguments with a fixed message is a
// precondition (ollama's Name.Filepath), as the standard library's are;
// a panic on what the function reads or parses is not.
type name struct{ host, model string }

func (n name) qualified() bool { return n.host != "" && n.model != "" }

func (n name) path() string {
	if !n.qualified() {
		panic("illegal attempt to get the path of an unqualified name")
	}
	return n.host + "/" + n.model
}

func zeroChunk(keys []string) []uint64 {
	count := len(keys)
	if count <= 1 {
		panic(fmt.Sprintf("need two keys, have %d", count))
	}
	return make([]uint64, count-1)
}

func parse(s string) int { // want parse:`panics\(panic in trusted.parse`
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Errorf("bad number %q: %w", s, err))
	}
	return n
}

func token(s string) string { // want token:`panics\(panic in trusted.token`
	for _, c := range s {
		if c == ';' {
			panic("unexpected ;")
		}
	}
	return s
}

func validate(s string) string { // want validate:`panics\(panic in trusted.validate`
	if s == "" {
		return s
	} else {
		panic("bad")
	}
}

func Names(c *gin.Context, n name, keys []string) {
	go func() {
		println(n.path(), zeroChunk(keys))
	}()
	go func() { // want `call of parse, which can panic`
		println(parse(c.Query("n")))
	}()
	go func() { // want `call of token, which can panic`
		println(token(c.Query("t")))
	}()
	go func() { // want `call of validate, which can panic`
		println(validate(c.Query("t")))
	}()
}

// A panic re-raising one recovered elsewhere (a singleflight's waiters
// re-panic the function's panic) is reported where it starts, not at
// the re-panic.
type panicError struct{ value any }

// It returns an error, as x/sync's singleflight does: the type is that
// of the literal it builds from the recovered value.
func newPanicError(v any) error { return &panicError{value: v} }

type call struct{ err error }

func (e *panicError) Error() string { return fmt.Sprint(e.value) }

func do(c *call, fn func() error) {
	func() {
		defer func() {
			if r := recover(); r != nil {
				c.err = newPanicError(r)
			}
		}()
		c.err = fn()
	}()
	if e, ok := c.err.(*panicError); ok {
		panic(e)
	}
}

func cleanup() { // want cleanup:`recover\(guarded\)`
	defer func() {
		if r := recover(); r != nil {
			println("cleaning up")
			panic(r)
		}
	}()
}

type other struct{ msg string }

func (o *other) Error() string { return o.msg }

func fail(c *call) { // want fail:`panics\(panic in trusted.fail`
	if e, ok := c.err.(*other); ok {
		panic(e)
	}
}

func Build(c *gin.Context, cl *call) {
	go func() {
		do(cl, func() error { return nil })
		cleanup()
	}()
	go func() { // want `call of fail, which can panic`
		fail(cl)
	}()
}

// panic(err) with the error of a standard library function called
// without arguments: the host is broken, on the first call (ollama's
// envconfig.Models). The error of a call given data is not.
func models() string {
	home, err := os.UserHomeDir()
	if err != nil {
		panic(err)
	}
	return home
}

func load(path string) []byte { // want load:`panics\(panic in trusted.load`
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return b
}

func homeOrFile(path string) string { // want homeOrFile:`panics\(panic in trusted.homeOrFile`
	home, err := os.UserHomeDir()
	if err == nil {
		_, err = os.ReadFile(path)
	}
	if err != nil {
		panic(err)
	}
	return home
}

func Models(c *gin.Context) {
	go func() {
		println(models())
	}()
	go func() { // want `call of load, which can panic`
		println(load(c.Query("p")))
	}()
	go func() { // want `call of homeOrFile, which can panic`
		println(homeOrFile(c.Query("p")))
	}()
}

// A regexp built from constants and quoted input compiles whatever the
// input (nightingale's time filter, through a helper); one built from
// raw input does not.
var filterOps = []string{">", ">=", "<"}

func columnRegexp(col string) string {
	if col == "" {
		return `\w+`
	}
	quoted := regexp.QuoteMeta(col)
	return `(?:\w+\.)*` + quoted
}

func rawRegexp(col string) string { return `(?:\w+\.)*` + col }

func hasFilter(sql, col string) bool {
	tok := columnRegexp(col)
	for _, op := range filterOps {
		if regexp.MustCompile(`(?i)` + tok + `\s*` + regexp.QuoteMeta(op)).MatchString(sql) {
			return true
		}
	}
	return false
}

func hasRawFilter(sql, col string) bool { // want hasRawFilter:`panics\(regexp.MustCompile of a computed pattern`
	return regexp.MustCompile(rawRegexp(col)).MatchString(sql)
}

func Filter(c *gin.Context) {
	go func() {
		println(hasFilter(c.Query("sql"), c.Query("col")))
	}()
	go func() { // want `call of hasRawFilter, which can panic`
		println(hasRawFilter(c.Query("sql"), c.Query("col")))
	}()
}

// A type assertion taking back out of reflect the type just given to it
// (ollama's gguf values).
func value[T any](v any) (t T) {
	rv := reflect.ValueOf(v)
	if rv.CanConvert(reflect.TypeOf(t)) {
		t = rv.Convert(reflect.TypeOf(t)).Interface().(T)
	}
	return t
}

func asInt[T any](v any) int { // want asInt:`panics\(type assertion`
	var t T
	return reflect.ValueOf(v).Convert(reflect.TypeOf(t)).Interface().(int)
}

func Encode(c *gin.Context, media []string) {
	go func() {
		println(value[int](3))
	}()
	go func() { // want `call of asInt, which can panic`
		println(asInt[string](3))
	}()
}

// A switch on an argument whose default panics with a fixed message: an
// enumeration's precondition (tidb-dashboard's split tags). The same on
// what the function parsed is a panic on data.
type splitTag int

func split(dst, src []uint64, tag splitTag) {
	switch tag {
	case 0:
		copy(dst, src)
	case 1:
		for i, v := range src[:len(dst)] {
			dst[i] += v
		}
	default:
		panic("unreachable")
	}
}

func kindOf(s string) int { // want kindOf:`panics\(panic in trusted.kindOf`
	switch k, _ := strconv.Atoi(s); k {
	case 0, 1:
		return k
	default:
		panic("unknown kind")
	}
}

func Split(c *gin.Context, dst, src []uint64) {
	go func() {
		split(dst, src, 1)
	}()
	go func() { // want `call of kindOf, which can panic`
		println(kindOf(c.Query("k")))
	}()
}

// Type assertions the program answers itself: from one of its own
// interfaces with methods (ollama's kv.(ModelConverter)), on a field of
// a value the function built with a literal (ollama's
// lsReq.Prompt.(string)), on a generic value converted on the spot
// (ollama's any(s).([]string)). From error, from a field of what it was
// handed, or from an any it was handed, they stay reasons.
type modelKV interface{ KV() map[string]any }

type converter interface {
	modelKV
	Tensors() []string
}

type llama struct{}

func (llama) KV() map[string]any { return nil }
func (llama) Tensors() []string  { return nil }

type codeError struct{ code int }

func (e *codeError) Error() string { return strconv.Itoa(e.code) }

type request struct {
	Prompt any
	Stream bool
}

func tensors(kv modelKV) []string { return kv.(converter).Tensors() }

func code(err error) int { return err.(*codeError).code } // want code:`panics\(type assertion`

func prompt(p any, media []string) any {
	req := request{Prompt: p, Stream: true}
	if len(media) > 0 {
		req.Prompt = req.Prompt.(string) + "[img]"
	}
	return req
}

func promptOf(req *request) string { return req.Prompt.(string) } // want promptOf:`panics\(type assertion`

func writeArray[S ~[]E, E any](s S) int {
	n := 0
	for _, e := range any(s).([]string) {
		n += len(e)
	}
	return n
}

func strings(v any) []string { return v.([]string) } // want strings:`panics\(type assertion`

func Assert(c *gin.Context, kv modelKV, err error, req *request, v any) {
	go func() {
		println(tensors(kv), prompt(c.Query("p"), nil), writeArray([]string{"a"}))
	}()
	go func() { // want `call of code, which can panic`
		println(code(err))
	}()
	go func() { // want `call of promptOf, which can panic`
		println(promptOf(req))
	}()
	go func() { // want `call of strings, which can panic`
		println(strings(v))
	}()
}

// An index the request chooses is a reason wherever it points.
func Pick(c *gin.Context, r *ring, ids []string) {
	go func() { // want `index with a computed index`
		println(ids[atoi(c.Query("i"))])
	}()
	go func() { // want `slice with a computed bound`
		println(r.lines[:atoi(c.Query("n"))])
	}()
	n := atoi(c.Query("n"))
	go func() {
		println(r.lines[:n]) // a variable: not followed
	}()
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// A function that defers a recover at its top stops its own panics: its
// callers' goroutines do not inherit them (photoprism's Sync.Start).
func start(s string) (err error) { // want start:`recover\(guarded\)` start:`panics\(panic in trusted.token`
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("start: %v", r)
		}
	}()
	println(token(s))
	return nil
}

// A method called without arguments, switched on and asserted in the
// case for that type (photoprism's form.Serialize).
func serialize(v reflect.Value) string {
	switch v.Interface().(type) {
	case fmt.Stringer:
		return v.Interface().(fmt.Stringer).String()
	}
	return ""
}

func serializeOther(v, w reflect.Value) string { // want serializeOther:`panics\(type assertion`
	switch v.Interface().(type) {
	case fmt.Stringer:
		return w.Interface().(fmt.Stringer).String()
	}
	return ""
}

func Start(c *gin.Context, v, w reflect.Value) {
	go func() {
		println(start(c.Query("s")), serialize(v))
	}()
	go func() { // want `call of serializeOther, which can panic`
		println(serializeOther(v, w))
	}()
}

// filepath.Abs fails only when the working directory is gone (photoprism's
// fs.Abs); the port of a TCP listener (koko's GetListenAddr).
func abs(name string) string {
	p, err := filepath.Abs(name)
	if err != nil {
		panic(err)
	}
	return p
}

func port(ln net.Listener) int { return ln.Addr().(*net.TCPAddr).Port }

func unixPath(ln net.Listener) string { return ln.Addr().(*net.UnixAddr).Name } // want unixPath:`panics\(type assertion`

func Listen(c *gin.Context, ln net.Listener) {
	go func() {
		println(abs(c.Query("f")), port(ln))
	}()
	go func() { // want `call of unixPath, which can panic`
		println(unixPath(ln))
	}()
}

// The package's state, set up at startup (photoprism's Config()); a
// cache's Get holds what the program's Set stored (photoprism's
// cameraCache).
var conf *name

func config() *name {
	if conf == nil {
		panic("config is missing")
	}
	return conf
}

// A store holds what the package puts in it (issue 19): names only ever
// gets *name values, so reading one back cannot fail; negative also gets
// a sentinel of another type (a negative cache), and decoded whatever a
// client sent; never is filled by another package.
type nameCache struct{ m map[string]any }

func (c *nameCache) Get(k string) (any, bool) { v, ok := c.m[k]; return v, ok }

func (c *nameCache) Set(k string, v any) { c.m[k] = v }

var (
	names    = &nameCache{}
	negative = &nameCache{}
	decoded  = &nameCache{}
	never    = &nameCache{}
)

type missing struct{}

func remember(k string, n *name) {
	names.Set(k, n)
	negative.Set(k, n)
}

func forget(k string) { negative.Set(k, missing{}) }

func save(k string, body []byte) {
	var v any
	_ = json.Unmarshal(body, &v)
	decoded.Set(k, v)
}

func negativeName(k string) *name { // want negativeName:`panics\(type assertion`
	if v, ok := negative.Get(k); ok {
		return v.(*name)
	}
	return nil
}

func decodedName(k string) *name { // want decodedName:`panics\(type assertion`
	v, _ := decoded.Get(k)
	return v.(*name)
}

func neverName(k string) *name { // want neverName:`panics\(type assertion`
	v, _ := never.Get(k)
	return v.(*name)
}

// A configuration's Get returns decoded data.
type settings struct{ m map[string]any }

func (s *settings) Get(k string) (any, bool) { v, ok := s.m[k]; return v, ok }

func setting(s *settings) string { // want setting:`panics\(type assertion`
	v, _ := s.Get("name")
	return v.(string)
}

func cachedName(k string) *name {
	if v, ok := names.Get(k); ok {
		return v.(*name)
	}
	return nil
}

func Cached(c *gin.Context) {
	go func() {
		println(config(), cachedName(c.Query("k")))
	}()
	go func() { // want `call of setting, which can panic`
		println(setting(nil))
	}()
	go func() { // want `call of negativeName, which can panic`
		println(negativeName(c.Query("k")))
	}()
	go func() { // want `call of decodedName, which can panic`
		println(decodedName(c.Query("k")))
	}()
	go func() { // want `call of neverName, which can panic`
		println(neverName(c.Query("k")))
	}()
}

// Package tables kept in step, indexed by the key of a range over one
// (photoprism's thumbFileSizes and thumbFileNames); a longer one is not.
var (
	thumbWidths = []int{720, 1280, 1920}
	thumbNames  = []string{"%s_720.jpg", "%s_1280.jpg", "%s_1920.jpg"}
	fewNames    = []string{"%s_720.jpg", "%s_1280.jpg"}
)

func thumbFor(width int) string {
	for i, w := range thumbWidths {
		if w >= width {
			return thumbNames[i]
		}
	}
	return ""
}

func fewThumbFor(width int) string { // want fewThumbFor:`panics\(index with a computed index`
	for i, w := range thumbWidths {
		if w >= width {
			return fewNames[i]
		}
	}
	return ""
}

func Thumbs(c *gin.Context) {
	go func() {
		println(thumbFor(atoi(c.Query("w"))))
	}()
	go func() { // want `call of fewThumbFor, which can panic`
		println(fewThumbFor(atoi(c.Query("w"))))
	}()
}

// disintegration/imaging decodes with image.Decode (photoprism's
// thumbnails of uploaded photos); its Resize does not decode.
func Thumbnail(c *gin.Context, img image.Image) {
	go func() { // want `decodes an image with imaging.Open`
		src, _ := imaging.Open(c.Query("f"))
		println(src)
	}()
	go func() {
		println(imaging.Resize(img, 100, 100))
	}()
}

// A goroutine that sends (through a helper) and then closes the channel
// itself, in order (koko's parser); another goroutine sending on it after
// the close can panic.
type parser struct{ records chan string }

func (p *parser) record() { p.records <- "cmd" } // want record:`panics\(send on a channel closed at trusted.go:\d+`

func (p *parser) Parse(c *gin.Context) {
	go func() {
		defer func() {
			p.record()
			close(p.records)
		}()
		println("parsing")
	}()
}

func (p *parser) Confirm(c *gin.Context) {
	go func() { // want `call of record, which can panic: send on a channel closed`
		p.record()
	}()
}

// The goroutine's own loop sends on the channel its deferred function
// closes on the way out (koko's ParseStream).
type stream struct{ out chan []byte }

func (s *stream) forward(b []byte) { s.out <- b } // want forward:`panics\(send on a channel closed`

func (s *stream) Run(c *gin.Context, in chan []byte) {
	go func() {
		defer func() {
			close(s.out)
		}()
		for b := range in {
			s.forward(b)
		}
	}()
}

func (s *stream) Echo(c *gin.Context) {
	go func() { // want `call of forward, which can panic: send on a channel closed`
		s.forward([]byte("echo"))
	}()
}

// A settings update that switches on its key: only one case can panic,
// so a call with another constant key cannot (1Panel's
// settingService.Update("AppStoreSyncStatus", ...), whose monitor cases
// need other keys). A default case, or a key that is not a constant,
// can.
func startMonitor(interval string) { println(parse(interval)) } // want startMonitor:`panics\(panic in trusted.parse`

func update(key, value string) error { // want update:`panics\(panic in trusted.parse at trusted.go:\d+, if parameter 0 is one of "MonitorInterval", "MonitorStatus"\)`
	switch key {
	case "MonitorInterval", "MonitorStatus":
		startMonitor(value)
	case "Theme":
		println(value)
	}
	return nil
}

func updateOrParse(key, value string) { // want updateOrParse:`panics\(panic in trusted.parse at trusted.go:\d+\)`
	switch key {
	case "Theme":
		println(value)
	default:
		println(parse(value))
	}
}

type Settings interface{ Update(key, value string) error }

type settingService struct{}

func (settingService) Update(key, value string) error { // want Update:`panics\(panic in trusted.parse at trusted.go:\d+, if parameter 0 is one of "Interval"\)`
	switch key {
	case "Interval":
		startMonitor(value)
	}
	return nil
}

func syncApps(s Settings) { // no fact: the key selects no case that can panic
	_ = s.Update("SyncStatus", "syncing")
	_ = update("SyncStatus", "syncing")
}

func SyncSettings(c *gin.Context, s Settings) {
	go func() {
		syncApps(s)
		_ = update("Theme", c.Query("t"))
		_ = s.Update("SyncStatus", "syncing")
	}()
	go func() { // want `call of update, which can panic`
		_ = update("MonitorInterval", c.Query("i"))
	}()
	go func() { // want `call of update, which can panic`
		_ = update(c.Query("k"), c.Query("v"))
	}()
	go func() { // want `call of updateOrParse, which can panic`
		updateOrParse("Theme", c.Query("t"))
	}()
	go func() { // want `call of Update, implemented by \(trusted.settingService\).Update, which can panic`
		_ = s.Update("Interval", c.Query("i"))
	}()
}

// The rule's doc example: an assertion on the request's decoded JSON, and
// the fix.
func send(user map[string]any) { println(len(user)) }

func Notify(c *gin.Context) {
	var body map[string]any
	if err := c.BindJSON(&body); err != nil {
		return
	}
	go func() { // want `type assertion without comma-ok`
		send(body["user"].(map[string]any))
	}()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				println("panic in goroutine:", r)
			}
		}()
		send(body["user"].(map[string]any))
	}()
}
