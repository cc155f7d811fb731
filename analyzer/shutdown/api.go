package shutdown

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/apis"
)

// idOf returns the identity of fn; a method of an interface literal is
// named by its package, the receiver "?" and its name.
func idOf(fn *types.Func) apis.Func {
	if k, ok := apis.Of(fn); ok {
		return k
	}
	if fn == nil || fn.Pkg() == nil {
		return apis.Func{}
	}
	return apis.F(fn.Origin().Pkg().Path(), "?", fn.Name())
}

// isFatal reports whether call ends the process: panic, or a function
// apis.EndsProcess says does (log.Fatal*, a logger's Fatal* or Panic*,
// os.Exit).
func isFatal(info *types.Info, call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return fn.Name() == "panic"
	case *types.Func:
		return apis.EndsProcess(fn)
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
