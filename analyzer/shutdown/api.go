package shutdown

import (
	"github.com/ginctxlint/ginctxlint/internal/astx"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A funcID names a function or method by package path, receiver type name
// ("" for a package-level function) and name.
type funcID struct{ pkg, recv, name string }

func idOf(fn *types.Func) funcID {
	if k, ok := astx.KeyOf(fn); ok {
		return funcID{k.Pkg, k.Recv, k.Name}
	}
	if fn == nil || fn.Pkg() == nil {
		return funcID{}
	}
	// A method of an interface literal: the receiver is the interface,
	// named by the method's scope.
	return funcID{fn.Origin().Pkg().Path(), "?", fn.Name()}
}

const (
	ginPath   = "github.com/gin-gonic/gin"
	httpPath  = "net/http"
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

// noHandle reports whether fn starts a server that nothing can shut down:
// gin's Engine.Run* build a private http.Server (gin.go), and net/http's
// package-level helpers do the same.
func noHandle(fn funcID) bool {
	switch fn {
	case funcID{ginPath, "Engine", "Run"}, funcID{ginPath, "Engine", "RunTLS"},
		funcID{ginPath, "Engine", "RunUnix"}, funcID{ginPath, "Engine", "RunFd"},
		funcID{ginPath, "Engine", "RunListener"},
		funcID{httpPath, "", "ListenAndServe"}, funcID{httpPath, "", "ListenAndServeTLS"},
		funcID{httpPath, "", "Serve"}, funcID{httpPath, "", "ServeTLS"}:
		return true
	}
	return false
}

// serves reports whether fn serves on a server value that can be stopped
// (http.Server, echo.Echo, fiber.App), and whether it returns
// http.ErrServerClosed once Shutdown starts.
func serves(fn funcID) (ok, errClosed bool) {
	switch fn.pkg {
	case httpPath:
		if fn.recv == "Server" {
			switch fn.name {
			case "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS":
				return true, true
			}
		}
	case echoPath:
		if fn.recv == "Echo" {
			switch fn.name {
			case "Start", "StartTLS", "StartAutoTLS", "StartH2CServer", "StartServer":
				return true, true // echo's Start returns http.Server's error
			}
		}
	case fiberPath, fiber3:
		if fn.recv == "App" {
			switch fn.name {
			case "Listen", "ListenTLS", "ListenMutualTLS", "Listener":
				return true, false // fiber's Listen returns nil after Shutdown
			}
		}
	case hertzRoute:
		if fn.recv == "Engine" && fn.name == "Run" {
			return true, false
		}
	}
	return false, false
}

// stops reports whether fn stops a server, and whether it waits for the
// requests in flight (Shutdown) rather than cutting them off (Close).
func stops(fn funcID) (ok, graceful bool) {
	switch fn.pkg {
	case httpPath:
		if fn.recv == "Server" {
			return fn.name == "Shutdown" || fn.name == "Close", fn.name == "Shutdown"
		}
	case echoPath:
		if fn.recv == "Echo" {
			return fn.name == "Shutdown" || fn.name == "Close", fn.name == "Shutdown"
		}
	case fiberPath, fiber3:
		if fn.recv == "App" {
			switch fn.name {
			case "Shutdown", "ShutdownWithTimeout", "ShutdownWithContext":
				return true, true
			}
		}
	case hertzRoute:
		if fn.recv == "Engine" {
			return fn.name == "Shutdown" || fn.name == "Close", fn.name == "Shutdown"
		}
	}
	return false, false
}

// shutdownCtx reports whether fn is a graceful stop that takes its
// deadline from its first argument.
func shutdownCtx(fn funcID) bool {
	switch fn {
	case funcID{httpPath, "Server", "Shutdown"}, funcID{echoPath, "Echo", "Shutdown"},
		funcID{fiberPath, "App", "ShutdownWithContext"}, funcID{fiber3, "App", "ShutdownWithContext"}:
		return true
	}
	return false
}

// fatalLoggers are packages whose Fatal* and Panic* functions and methods
// end the process (or the goroutine, with a panic nothing recovers).
var fatalLoggers = map[string]bool{
	"log":                            true,
	"github.com/sirupsen/logrus":     true,
	"go.uber.org/zap":                true,
	"github.com/labstack/gommon/log": true,
	echoPath:                         true, // echo.Logger
	"k8s.io/klog/v2":                 true,
	"k8s.io/klog":                    true,
	"github.com/golang/glog":         true,
	"github.com/gogf/gf/v2/os/glog":  true,
	"github.com/cloudwego/hertz/pkg/common/hlog": true,
}

// isFatal reports whether call ends the process: log.Fatal*, a logger's
// Fatal* or Panic*, os.Exit, panic.
func isFatal(info *types.Info, call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return fn.Name() == "panic"
	case *types.Func:
		if fn.Pkg() == nil {
			return false
		}
		if fn.Pkg().Path() == "os" && fn.Name() == "Exit" {
			return fn.Type().(*types.Signature).Recv() == nil
		}
		if !fatalLoggers[fn.Pkg().Path()] {
			return false
		}
		return strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic")
	}
	return false
}

// signalName returns the name of the signal e denotes (os.Interrupt is
// SIGINT), or "" if e is not a known signal.
func signalName(info *types.Info, e ast.Expr) string {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return ""
	}
	obj := info.Uses[id]
	if obj == nil || obj.Pkg() == nil {
		return ""
	}
	switch obj.Pkg().Path() {
	case "os":
		switch obj.Name() {
		case "Interrupt":
			return "SIGINT"
		case "Kill":
			return "SIGKILL"
		}
	case "syscall", "golang.org/x/sys/unix":
		if strings.HasPrefix(obj.Name(), "SIG") {
			return obj.Name()
		}
	}
	return ""
}
