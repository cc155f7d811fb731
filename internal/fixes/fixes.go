// Package fixes holds what rules need to build suggested fixes that keep
// the user's spelling and layout: source text, a statement's indentation,
// names that neither shadow nor are shadowed.
package fixes

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Source returns the file text between two positions of one file, or "".
func Source(pass *analysis.Pass, from, to token.Pos) string {
	tf := pass.Fset.File(from)
	if tf == nil || pass.Fset.File(to) != tf {
		return ""
	}
	content, err := pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start, end := tf.Offset(from), tf.Offset(to)
	if start < 0 || end > len(content) || start > end {
		return ""
	}
	return string(content[start:end])
}

// Indent returns the indentation of the line stmt starts on, and false if
// stmt is not the first thing on its line (then a statement cannot be
// inserted before it on a line of its own).
func Indent(pass *analysis.Pass, stmt ast.Node) (string, bool) {
	pos := pass.Fset.Position(stmt.Pos())
	if !pos.IsValid() {
		return "", false
	}
	line := Source(pass, stmt.Pos()-token.Pos(pos.Column-1), stmt.Pos())
	if strings.TrimSpace(line) != "" || len(line) != pos.Column-1 {
		return "", false
	}
	return line, true
}

// FreshName returns base, or base2, base3, ..., whichever resolves to
// nothing at any of the positions at and is not spelled anywhere in
// within (where it could shadow or be shadowed), or "".
func FreshName(pass *analysis.Pass, base string, within ast.Node, at ...token.Pos) string {
	used := map[string]bool{}
	if within != nil {
		ast.Inspect(within, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}
next:
	for i := 1; i < 100; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s%d", base, i)
		}
		if used[name] {
			continue
		}
		for _, pos := range at {
			if Lookup(pass, name, pos) != nil {
				continue next
			}
		}
		return name
	}
	return ""
}

// Lookup resolves name at pos in the package's scopes.
func Lookup(pass *analysis.Pass, name string, pos token.Pos) types.Object {
	scope := pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// InStmtList reports whether the statement at cur sits directly in a
// statement list (a block or a case body), where another statement can go
// before or after it.
func InStmtList(parent ast.Node) bool {
	switch parent.(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}
