// Package helpers has handlers that start goroutines through helpers.
package helpers

import (
	"example.com/svc"
	"os"

	"github.com/gin-gonic/gin"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

// A helper of another package, through a method and through two calls.
func One(c *gin.Context, s *svc.Syncer) {
	s.Sync() // want `gorecover: \(\*svc.Syncer\).Sync starts a goroutine that does not recover \(go statement at svc.go:22, in \(\*svc.Syncer\).Sync\): a panic in it kills the whole server, with every request in flight: gin.Recovery only covers the request's own goroutine, and run can panic \(panic in svc.work at svc.go:15\); defer a function that calls recover\(\) at the top of that goroutine`
}

func Deep(c *gin.Context) {
	svc.Kick() // want `gorecover: svc.Kick starts a goroutine that does not recover \(go statement at svc.go:30, in svc.kick\)`
}

// Look-alikes: a goroutine that recovers, one that cannot panic, one
// whose panic is intended.
func Quiet(c *gin.Context) {
	svc.SafeSync()
	svc.Tick()
	svc.Watchdog()
}

// A goroutine started inside a recovering runner's task is not covered
// by the runner's recover: reported, whether the task starts it itself
// or through a helper.
func Nested(c *gin.Context) {
	svc.RunTask(func() {
		go func() { // want `gorecover: a panic in this goroutine kills the whole server`
			work()
		}()
	})
	svc.RunTask(func() {
		svc.Poll() // want `gorecover: svc.Poll starts a goroutine that does not recover`
	})
}

// Through an interface, with its implementation visible.
func Notify(c *gin.Context, n svc.Notifier) {
	n.Notify() // want `gorecover: \(svc.Mailer\).Notify starts a goroutine that does not recover \(go statement at svc.go:\d+, in \(svc.Mailer\).Notify\)`
}

// One helper of this package, two handlers: one report, at the
// goroutine, where one fix serves both.
func startAudit() { // want startAudit:`starts\(go statement at helpers.go:\d+\)`
	go func() { // want `gorecover: a panic in this goroutine kills the whole server, with every request in flight: 2 handlers start it through helpers.startAudit, gin.Recovery only covers the request's own goroutine, and it can panic: helpers.go:\d+: call of work`
		work()
	}()
}

func Create(c *gin.Context) { startAudit() }
func Delete(c *gin.Context) { startAudit() }

// Reached only from setup code: a process-lifetime worker, not reported.
func startSync() { // want startSync:`starts\(go statement at helpers.go:\d+\)`
	go func() { work() }()
}

func Routes(r *gin.Engine) { // want Routes:`starts\(go statement at helpers.go:\d+\)`
	startSync()
	r.GET("/sync", func(c *gin.Context) {
		startSync() // want `gorecover: helpers.startSync starts a goroutine that does not recover`
	})
}

// go svc.Sync() on an interface of this package: the visible
// implementation can panic.
type Syncer interface{ Sync() }

type repo struct {
	rows   []int
	cursor int
}

var rowNames = []string{"a", "b"}

func (r *repo) Sync() { b, _ := os.ReadFile("cursor"); _ = rowNames[b[r.cursor]] } // want Sync:`panics`

func Refresh(c *gin.Context, s Syncer) {
	go s.Sync() // want `gorecover: a panic in \(\*helpers.repo\).Sync, run on a new goroutine, kills the whole server`
}

// go pump(): pump can panic and starts a goroutine of its own (fast-gin's
// go client.ReadPump()). The request makes one launch: reported once, at
// the go statement, not again at the call for pump's own goroutine.
// Once the launched function recovers, the goroutine it starts is not
// covered by that recover, and is reported at the call.
func spawn() { // want spawn:`starts\(go statement at helpers.go:\d+\)`
	go func() { work() }()
}

func pump() { // want pump:`panics` pump:`starts\(go statement at helpers.go:\d+\)`
	spawn()
	work()
}

func safePump() { // want safePump:`recover\(guarded\)` safePump:`starts\(go statement at helpers.go:\d+\)`
	defer func() { recover() }()
	spawn()
	work()
}

func Socket(c *gin.Context) {
	go pump()     // want `gorecover: a panic in pump, run on a new goroutine, kills the whole server`
	go safePump() // want `gorecover: helpers.safePump starts a goroutine that does not recover \(go statement at helpers.go:\d+, in helpers.spawn\)`
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
