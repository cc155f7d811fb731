package apis

import "fmt"

// A Launcher is a function or method that runs one of its arguments, a
// function value, on another goroutine.
type Launcher struct {
	Func
	// Wait names the receiver's method that waits for every goroutine the
	// launcher started ("Wait" for errgroup and sync.WaitGroup), if any.
	Wait string
	// Sync: the call returns only once the function has run (pond's
	// SubmitAndWait, a user's helper that waits): the launch is joined.
	Sync bool
	// Recovers: a panic in the function does not reach the runtime — the
	// launcher recovers it (ants, pond), or re-raises it in the goroutine
	// that calls Wait (conc).
	Recovers bool
	// Interface: Recv is an interface type (pond v2's Pool), named
	// without a star.
	Interface bool
}

func (l *Launcher) String() string {
	if l.Interface {
		return fmt.Sprintf("(%s).%s", F(l.PkgPath, "", l.Recv), l.Name)
	}
	return l.Func.String()
}

// ParseLauncher parses a -launchers entry (see Parse). A method whose
// receiver also has a method Wait is taken to be joinable by it, as in
// errgroup.
func ParseLauncher(spec string) (*Launcher, error) {
	f, err := Parse("launcher", spec)
	if err != nil {
		return nil, err
	}
	l := &Launcher{Func: f}
	if f.Recv != "" {
		l.Wait = "Wait"
	}
	return l, nil
}

// Launchers are the standard ways to start a goroutine besides the
// go statement, and the worker pools and groups services use, each
// checked against the module's source (version in the comment): which
// calls run their function argument on another goroutine, what waits for
// it, and whether a panic in it can reach the runtime.
func Launchers() []*Launcher {
	const (
		ants    = "github.com/panjf2000/ants/v2" // v2.12.1: workers recover (PanicHandler, else log)
		conc    = "github.com/sourcegraph/conc"  // v0.3.0: panics re-raised by Wait
		concP   = conc + "/pool"
		concS   = conc + "/stream"
		pond    = "github.com/alitto/pond"          // v1.9.2: workers recover (defaultPanicHandler)
		pond2   = "github.com/alitto/pond/v2"       // v2.7.1: panics recovered, returned as the task's error
		wpool   = "github.com/gammazero/workerpool" // v1.3.0: "a task that panics crashes the program"
		errgrp  = "golang.org/x/sync/errgroup"
		waitAll = "StopAndWait"
		// go-zero v1.10.3: GoSafe and GoSafeCtx run fn under RunSafe
		// (defer rescue.Recover); RoutineGroup.Run does not recover,
		// RunSafe does; TaskRunner's tasks defer rescue.Recover.
		// RunSafe and RunSafeCtx run fn on the caller's goroutine: no
		// launch.
		zeroT = "github.com/zeromicro/go-zero/core/threading"
		// bytedance/gopkg v0.1.4: workers run each task under a deferred
		// recover (the pool's panic handler, else a log line); NewPool
		// returns the Pool interface.
		gopool = "github.com/bytedance/gopkg/util/gopool"

		fasthttpPath = "github.com/valyala/fasthttp"
	)
	return []*Launcher{
		{Func: F(errgrp, "Group", "Go"), Wait: "Wait"},
		{Func: F(errgrp, "Group", "TryGo"), Wait: "Wait"},
		{Func: F("sync", "WaitGroup", "Go"), Wait: "Wait"}, // Go 1.25
		{Func: F("time", "", "AfterFunc")},
		// The standard library's other calls that run a function value
		// later on a goroutine of their own (audited against Go 1.26):
		// context.AfterFunc runs f once ctx is done — for a request's
		// context, after every request, when net/http cancels it after
		// ServeHTTP returns; Server.RegisterOnShutdown runs f in a new
		// goroutine on Shutdown; finalizers and cleanups run on the
		// runtime's finalizer goroutine. None can be waited for, so each
		// can outlive the function that calls it.
		{Func: F("context", "", "AfterFunc")},
		{Func: F("net/http", "Server", "RegisterOnShutdown")},
		{Func: F("runtime", "", "SetFinalizer")},
		{Func: F("runtime", "", "AddCleanup")},
		// fasthttp (v1.69.0) runs a body stream writer on a goroutine of
		// its own (NewStreamReader's go) that the server reads while it
		// writes the response, after the handler returned; fiber releases
		// its Ctx to the pool before that (c.Context().SetBodyStreamWriter),
		// and a client that disconnects ends the read while the writer
		// still runs.
		{Func: F(fasthttpPath, "RequestCtx", "SetBodyStreamWriter")},
		{Func: F(fasthttpPath, "Response", "SetBodyStreamWriter")},

		{Func: F(ants, "", "Submit"), Recovers: true}, // the default pool
		{Func: F(ants, "Pool", "Submit"), Recovers: true},
		{Func: F(ants, "MultiPool", "Submit"), Recovers: true},

		{Func: F(conc, "WaitGroup", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concP, "Pool", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concP, "ErrorPool", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concP, "ContextPool", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concP, "ResultPool", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concP, "ResultErrorPool", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concP, "ResultContextPool", "Go"), Wait: "Wait", Recovers: true},
		{Func: F(concS, "Stream", "Go"), Wait: "Wait", Recovers: true},

		{Func: F(pond, "WorkerPool", "Submit"), Wait: waitAll, Recovers: true},
		{Func: F(pond, "WorkerPool", "TrySubmit"), Wait: waitAll, Recovers: true},
		{Func: F(pond, "WorkerPool", "SubmitBefore"), Wait: waitAll, Recovers: true},
		{Func: F(pond, "WorkerPool", "SubmitAndWait"), Sync: true, Recovers: true},
		{Func: F(pond, "TaskGroup", "Submit"), Wait: "Wait", Recovers: true},
		{Func: F(pond, "TaskGroupWithContext", "Submit"), Wait: "Wait", Recovers: true},

		// pond v2's pools and groups are interfaces; a task also has its
		// own Wait, which is not followed. WithoutPanicRecovery is not
		// seen: such a pool is taken to recover.
		{Func: F(pond2, "", "Submit"), Recovers: true}, // the default pool
		{Func: F(pond2, "", "SubmitErr"), Recovers: true},
		{Func: F(pond2, "Pool", "Go"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "Pool", "Submit"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "Pool", "SubmitErr"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "Pool", "TrySubmit"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "Pool", "TrySubmitErr"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "ResultPool", "Submit"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "ResultPool", "SubmitErr"), Wait: waitAll, Recovers: true, Interface: true},
		{Func: F(pond2, "TaskGroup", "Submit"), Wait: "Wait", Recovers: true, Interface: true},
		{Func: F(pond2, "TaskGroup", "SubmitErr"), Wait: "Wait", Recovers: true, Interface: true},
		{Func: F(pond2, "ResultTaskGroup", "Submit"), Wait: "Wait", Recovers: true, Interface: true},
		{Func: F(pond2, "ResultTaskGroup", "SubmitErr"), Wait: "Wait", Recovers: true, Interface: true},

		{Func: F(wpool, "WorkerPool", "Submit"), Wait: "StopWait"},
		{Func: F(wpool, "WorkerPool", "Do"), Wait: "StopWait"},
		{Func: F(wpool, "WorkerPool", "SubmitWait"), Sync: true},
		{Func: F(wpool, "WorkerPool", "DoWait"), Sync: true},

		{Func: F(zeroT, "", "GoSafe"), Recovers: true},
		{Func: F(zeroT, "", "GoSafeCtx"), Recovers: true},
		{Func: F(zeroT, "RoutineGroup", "Run"), Wait: "Wait"},
		{Func: F(zeroT, "RoutineGroup", "RunSafe"), Wait: "Wait", Recovers: true},
		{Func: F(zeroT, "TaskRunner", "Schedule"), Wait: "Wait", Recovers: true},
		{Func: F(zeroT, "TaskRunner", "ScheduleImmediately"), Wait: "Wait", Recovers: true},

		{Func: F(gopool, "", "Go"), Recovers: true}, // the default pool
		{Func: F(gopool, "", "CtxGo"), Recovers: true},
		{Func: F(gopool, "Pool", "Go"), Recovers: true, Interface: true},
		{Func: F(gopool, "Pool", "CtxGo"), Recovers: true, Interface: true},
	}
}

// Recoverers are functions of dependencies that stop a panic when
// deferred — they call recover() themselves — checked against the
// module's source (version in the comment). Dependencies have no facts
// (issue 12); -gorecover.recoverers adds more, and gorecover.doc says what
// is assumed of the others.
func Recoverers() []Func {
	const rescue = "github.com/zeromicro/go-zero/core/rescue" // v1.10.3
	return []Func{
		F(rescue, "", "Recover"),
		F(rescue, "", "RecoverCtx"),
	}
}
