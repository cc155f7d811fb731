// Package typesx reads types.Info the way every rule must: without trusting
// it. Drivers (the language server, the fuzz harness, golangci-lint's
// go vet mode) run rules on packages with type errors, and there an
// expression may have no recorded type, an invalid one, or a constant of
// another kind than its context asks for ("for 0 {}"): go/constant's
// accessors panic on a kind mismatch (issue 25).
package typesx

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// Bool returns the value of e if it is a boolean constant.
func Bool(info *types.Info, e ast.Expr) (value, ok bool) {
	tv, found := info.Types[e]
	if !found || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

// Int returns the value of e if it is an integer constant that fits in an
// int64.
func Int(info *types.Info, e ast.Expr) (int64, bool) {
	tv, found := info.Types[e]
	if !found || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(tv.Value)
}

// Underlying returns the underlying type of e, or nil if the type checker
// recorded none.
func Underlying(info *types.Info, e ast.Expr) types.Type {
	if t := info.TypeOf(e); t != nil {
		return t.Underlying()
	}
	return nil
}
