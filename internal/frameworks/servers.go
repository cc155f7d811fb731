package frameworks

import (
	"go/types"

	"github.com/ginctxlint/ginctxlint/internal/apis"
)

// A Role is what a call of a server API does to the server.
type Role uint8

const (
	// Unstoppable serves on a server nothing can shut down: gin's
	// Engine.Run* build a private http.Server (gin.go), and net/http's
	// package-level helpers do the same.
	Unstoppable Role = iota + 1
	// Serves serves on a server value that can be stopped, and blocks
	// until it stops.
	Serves
	// Stops stops a server.
	Stops
)

// A ServerAPI is a method or function of a framework's server: one that
// serves, or one that stops the server. The shutdown rule matches every
// serve with its stop.
type ServerAPI struct {
	apis.Func
	Role Role
	// ErrClosed: a serve that returns http.ErrServerClosed once Shutdown
	// starts (echo's Start returns http.Server's error); fiber's Listen
	// returns nil.
	ErrClosed bool
	// Graceful: a stop that waits for the requests in flight (Shutdown)
	// rather than cutting them off (Close).
	Graceful bool
	// DeadlineArg: a graceful stop that takes its deadline from its
	// first argument, a context.
	DeadlineArg bool
	// NoDeadline: a graceful stop that, called without arguments, has no
	// deadline (fiber's Shutdown() is ShutdownWithContext(
	// context.Background()), v2.52 and v3.1 app.go).
	NoDeadline bool
	// GracefulField: a serve that shuts the server down itself once a
	// config argument's field of this name, a context, is done (fiber
	// v3's ListenConfig.GracefulContext, v3.1 listen.go).
	GracefulField string
	// Listener: a package-level serve of a listener it is given (in a
	// handler, one hijacked connection).
	Listener bool
}

const (
	ginPath   = "github.com/gin-gonic/gin"
	echoPath  = "github.com/labstack/echo/v4"
	fiberPath = "github.com/gofiber/fiber/v2"
	fiber3    = "github.com/gofiber/fiber/v3"
	// hertz's server.Hertz embeds *route.Engine, whose Run serves and
	// handles no signal (hertz v0.10.4 pkg/route/engine.go); Spin runs
	// it and calls Shutdown on SIGINT, SIGHUP or SIGTERM
	// (pkg/app/server/hertz.go), so it is neither a serve nor a stop here.
	hertzRoute  = "github.com/cloudwego/hertz/pkg/route"
	hertzServer = "github.com/cloudwego/hertz/pkg/app/server"
)

// servers is the table of server APIs, by identity.
var servers = map[apis.Func]*ServerAPI{}

func addServer(a ServerAPI, pkg, recv string, names ...string) {
	for _, n := range names {
		x := a
		x.Func = apis.F(pkg, recv, n)
		servers[x.Func] = &x
	}
}

func init() {
	addServer(ServerAPI{Role: Unstoppable}, ginPath, "Engine", "Run", "RunTLS", "RunUnix", "RunFd", "RunListener")
	addServer(ServerAPI{Role: Unstoppable}, "net/http", "", "ListenAndServe", "ListenAndServeTLS")
	addServer(ServerAPI{Role: Unstoppable, Listener: true}, "net/http", "", "Serve", "ServeTLS")

	addServer(ServerAPI{Role: Serves, ErrClosed: true}, "net/http", "Server", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS")
	addServer(ServerAPI{Role: Stops, Graceful: true, DeadlineArg: true}, "net/http", "Server", "Shutdown")
	addServer(ServerAPI{Role: Stops}, "net/http", "Server", "Close")

	addServer(ServerAPI{Role: Serves, ErrClosed: true}, echoPath, "Echo", "Start", "StartTLS", "StartAutoTLS", "StartH2CServer", "StartServer")
	addServer(ServerAPI{Role: Stops, Graceful: true, DeadlineArg: true}, echoPath, "Echo", "Shutdown")
	addServer(ServerAPI{Role: Stops}, echoPath, "Echo", "Close")

	addServer(ServerAPI{Role: Serves}, fiberPath, "App", "Listen", "ListenTLS", "ListenMutualTLS", "Listener")
	// fiber v3 (v3.1.0 listen.go) serves TLS through Listen's
	// ListenConfig: it has no ListenTLS nor ListenMutualTLS.
	addServer(ServerAPI{Role: Serves, GracefulField: "GracefulContext"}, fiber3, "App", "Listen", "Listener")
	for _, p := range []string{fiberPath, fiber3} {
		addServer(ServerAPI{Role: Stops, Graceful: true, NoDeadline: true}, p, "App", "Shutdown")
		addServer(ServerAPI{Role: Stops, Graceful: true}, p, "App", "ShutdownWithTimeout")
		addServer(ServerAPI{Role: Stops, Graceful: true, DeadlineArg: true}, p, "App", "ShutdownWithContext")
	}

	addServer(ServerAPI{Role: Serves}, hertzRoute, "Engine", "Run")
	addServer(ServerAPI{Role: Stops, Graceful: true}, hertzRoute, "Engine", "Shutdown")
	addServer(ServerAPI{Role: Stops}, hertzRoute, "Engine", "Close")
}

// Server returns the server API f is, or nil.
func Server(f apis.Func) *ServerAPI { return servers[f] }

// Servers returns the table, for tests.
func Servers() []*ServerAPI {
	out := make([]*ServerAPI, 0, len(servers))
	for _, x := range servers {
		out = append(out, x)
	}
	return out
}

// ServerPackages are the packages a program imports to start a server
// of the table (hertz through its server package, whose Hertz embeds the
// route.Engine that serves): a package that imports none starts none.
var ServerPackages = []string{"net/http", ginPath, echoPath, fiberPath, fiber3, hertzServer}

// ServerFields are the exported fields through which a framework's server
// value serves an http.Server of its own: stopping the field's server
// stops what the framework's Start started (echo's Server and TLSServer).
// Matched by the field's package and name.
var ServerFields = []apis.Func{
	apis.F(echoPath, "Echo", "Server"),
	apis.F(echoPath, "Echo", "TLSServer"),
}

// IsServerField reports whether v is one of ServerFields.
func IsServerField(v *types.Var) bool {
	if v == nil || !v.IsField() || v.Pkg() == nil {
		return false
	}
	for _, f := range ServerFields {
		if f.PkgPath == v.Pkg().Path() && f.Name == v.Name() {
			return true
		}
	}
	return false
}

// SidePackages serve debugging and metrics endpoints on net/http's
// DefaultServeMux (or a handler of their own): a server of theirs dies
// with the process by design, and what it cuts off is a scrape.
var SidePackages = []string{"net/http/pprof", "expvar", "github.com/prometheus/client_golang/prometheus/promhttp"}
