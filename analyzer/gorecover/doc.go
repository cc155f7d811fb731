// Package gorecover defines the gorecover rule: a goroutine started while
// serving a request, with no deferred recover.
//
// # Analyzer gorecover
//
// gorecover: report goroutines started while serving a request that can
// panic on data the program does not control, and do not recover.
//
// gin.Recovery, echo's and fiber's recover middleware and net/http's
// per-connection recover catch a panic only on the goroutine that serves
// the request. A panic in a goroutine the handler starts is not theirs to
// catch: it ends the whole process, with every request in flight.
//
// WRONG:
//
//	func Notify(c *gin.Context) {
//		var body map[string]any
//		if err := c.BindJSON(&body); err != nil {
//			return
//		}
//		go func() {
//			send(body["user"].(map[string]any)) // not an object: the panic kills the server
//		}()
//	}
//
// RIGHT:
//
//	func Notify(c *gin.Context) {
//		var body map[string]any
//		if err := c.BindJSON(&body); err != nil {
//			return
//		}
//		go func() {
//			defer func() {
//				if r := recover(); r != nil {
//					log.Printf("panic in goroutine: %v", r)
//				}
//			}()
//			send(body["user"].(map[string]any))
//		}()
//	}
//
// The principle: a goroutine started while serving a request can crash
// the server when data the program does not control reaches an operation
// that panics on bad data, with no check in between. The rule follows
// that data, through the user's functions across packages (facts), and
// reports the goroutine at its launch, with the operation and the path
// to it.
//
// Sources are data the program does not control: request input (path,
// query and form values, headers, cookies, bound or decoded bodies,
// uploaded files; everything of an *http.Request but its context) and
// data from outside the process (HTTP replies, files read, rows scanned
// into interface values, queue messages), and whatever is computed from
// them — through the standard library and dependencies (strings.Split,
// strconv.Atoi, json.Unmarshal into a variable) and through the user's
// functions (their results, and the pointers they fill). Values the
// program chooses are not: its constants, enums and literals, and what it
// reads back from its own stores (maps, caches, the request context's
// values its middleware set, pools).
//
// Partial operations panic on some values: an index or slice bound out of
// range (a constant index into a source slice or string, or a source
// index into any), a type assertion without comma-ok on a source (not to
// an interface the value's type already has), a division by a source
// integer, a use of a nil that a lookup by a source key returned (a map
// of pointers, interfaces or functions, not by its own range key; a
// function of the user's that can return nil — not one whose only nil is
// returned when its arguments are nil or empty: that nil is a misuse
// guard, and callers pass what they checked), APIs that panic on bad input (regexp.MustCompile,
// template.Must, the image decoders, -gorecover.panickers), and a panic
// under a condition on a source (a precondition, panic(err) after a
// decode) — in the goroutine's body or in a function it calls with source
// data. Three are reported whatever the data, for they panic on the
// program's own state: a write to a map no code of the package makes (or
// a struct literal that leaves it out), a send on a channel the package
// closes elsewhere (unless the close waits for the senders: after the
// wait of a group that counts the sending goroutine — a WaitGroup, a
// launcher's wait, by identity —, after a loop receiving from it, or
// deferred by the only caller; unless it is on a path that returns before
// the goroutine starts, for a channel each call makes; and not the same
// channel when the two are one field of two values two literals made),
// and a gorilla/websocket write that can run concurrently with another
// (not before the goroutine starts, nor under the same mutex: locked
// before it in any block around it, or held by TryLock). So is a call of
// a function the package's callers register through its API (a library's
// tool handlers and hooks: code it does not control) — in the package's
// own goroutines only: to its callers, in other packages, the function
// they register is their own, judged where it is.
//
// Who chose what decides, not only where the data came from: an
// assertion fails only on a dynamic type chosen outside (a value decoded
// into an interface; not one the program stored: a concrete value, the
// result of a function that returns only its own types, an element of a
// container the function made and filled with such values; nor one of a
// library's own interfaces that the library returns, gorm/gen's Where:
// its implementations, whatever the data — also when a function asserts
// on a parameter and its caller hands it such a value); an index fails on
// a length chosen outside (a split, a decoded array; not a slice the
// program builds with a literal, make or append, whatever its elements
// hold — its last element is the program's business; nil, no elements;
// what a function returns of its argument as it came, if the argument is
// built; an array, whose
// type fixes its length; an encoding of either, hex.EncodeToString of a
// digest).
//
// Guards discharge an operation: a check of the operand, or of a whole it
// is part of, before the operation in the same function or in the handler
// before the go statement (an if, a loop condition, a switch, the left
// side of && or ||: a bounds or len check, a nil check, comma-ok, an enum
// against its count, a validation call the condition depends on); an
// index that a range clause or a call that was handed the slice produced
// (n, _ := r.Read(buf); buf[:n]), also through the parameter of a
// goroutine's literal; element 0 of a split; a bound of 0; a bound that is
// the length of the value, or of a part of it, or the first minus the
// second (s[:len(s)-len(filepath.Ext(s))]); an element of a
// FindAll*Submatch result (as long as the program's pattern has groups);
// a recover in the function that panics.
//
// What the rule knows of APIs is in the knowledge layer's tables, keyed
// by identity and checked against the real modules (internal/apis):
//
//	sources        gin, echo, fiber, hertz and fasthttp accessors and
//	               binders; *http.Request, *http.Response,
//	               *multipart.FileHeader, gin.Params, Elasticsearch
//	               responses, queue message types; net/http's Get, Post,
//	               Head, PostForm and (*http.Client).Do; os.ReadFile
//	fills          (*sql.Rows).Scan and (*sql.Row).Scan into interfaces;
//	               any call of the standard library or a dependency with
//	               a source operand fills the pointers it is handed
//	the program's  (*http.Request).Context; json.Marshal (its error is
//	               decided by the program's types)
//	partial        regexp.MustCompile[POSIX], template.Must, image,
//	               image/png, jpeg, gif, x/image's decoders, imaging
//	non-empty      strings.Split*, bytes.Split*
//	fixed length   the elements of (*regexp.Regexp).FindAll*Submatch*
//	parts          filepath.Ext, path.Ext, strings.Trim*, bytes.Trim*
//	encodings      hex.EncodeToString, (*base64.Encoding).EncodeToString,
//	               (*base32.Encoding).EncodeToString
//	recoverers     go-zero's rescue.Recover and RecoverCtx (and the
//	               launchers of the model's table: ants, pond, conc,
//	               GoSafe, gopool)
//
// Recovery counts through helpers, across packages: `defer handlePanic()`
// where handlePanic calls recover(); `go worker()` where worker defers
// such a helper; a wrapper such as safeGo(func() { ... }) whose goroutine
// recovers. A package-level function of a versioned dependency deferred
// by the goroutine is not seen (dependencies have no facts): whether it
// recovers is unknown, and the goroutine is not judged. Two shapes look
// like recovery but are not, and are reported whether or not the
// goroutine can panic: `defer recover()`, and recover (or a helper that
// calls it) called by a function nested in the deferred one.
//
// A handler that calls a function starting such a goroutine (at any
// depth, across packages, through interface methods whose implementations
// are visible; a test double — a type holding a gomock controller or
// testify's Mock — is not one) is reported at its call; so is one that
// hands outside data to a helper of the package whose goroutine panics on
// that parameter — once per handler and goroutine, at the first such call:
// a second call starts the same goroutine, and the fix is the same.
// Goroutines running a function of the standard library or a dependency,
// or a function value the analysis cannot resolve, and goroutines in
// tests are not judged.
//
// -gorecover.strict restores the policy "every goroutine started while
// serving a request recovers" (except goroutines that only wait, cancel,
// sleep, print or exit): what the Gin tutorials teach.
//
// Flags:
//
//	-gorecover.scope=handlers  goroutines started while serving a request
//	                           (the default), or "all" goroutines
//	-gorecover.recoverers=...  comma-separated functions that recover when
//	                           deferred, or launchers and wrappers whose
//	                           goroutines recover, as pkg/path.Func or
//	                           (*pkg/path.Type).Method
//	-gorecover.helper=...      a pkg/path.Func to defer in the suggested fix
//	                           instead of a literal that logs with package log
//	-gorecover.strict          report every goroutine without recover, not
//	                           only those that can panic on outside data
//	-gorecover.panickers=...   comma-separated functions whose calls can
//	                           panic (plugin runners, parsers of external
//	                           input), as pkg/path.Func or
//	                           (*pkg/path.Type).Method
//	-gorecover.hooks, -gorecover.indexes
//	                           retired (accepted, no effect): indexes and
//	                           function values are judged by where their
//	                           data comes from
//
// The suggested fix, for a goroutine running a function literal, defers a
// function that recovers and logs the panic with the standard log package
// (or defers the configured helper) at the top of the literal — unless
// the goroutine delivers a result someone waits for (a send, a close, a
// WaitGroup's Done outside a defer): a recover there would swallow the
// only result, and turn the crash into a hang.
package gorecover
