package apis

import (
	"go/types"
	"strings"
)

// FatalLoggers are logging packages whose Fatal* and Panic* functions
// and methods end the process (or the goroutine, with a panic nothing
// recovers). The rule is by the package and the name's prefix: every
// such function of these packages logs, then exits or panics.
var FatalLoggers = []string{
	"log",
	"github.com/sirupsen/logrus",
	"go.uber.org/zap",
	"github.com/labstack/gommon/log",
	"github.com/labstack/echo/v4", // echo.Logger
	"k8s.io/klog/v2",
	"k8s.io/klog",
	"github.com/golang/glog",
	"github.com/gogf/gf/v2/os/glog",
	"github.com/cloudwego/hertz/pkg/common/hlog",
}

var fatalLoggers = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range FatalLoggers {
		m[p] = true
	}
	return m
}()

// EndsProcess reports whether a call of fn ends the process: os.Exit,
// log.Fatal*, a logger's Fatal* or Panic*. (The builtin panic is the
// caller's to check: it is no *types.Func.)
func EndsProcess(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
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
