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

// FreshName returns base, or base2, base3, ..., whichever a fix can
// declare at pos and use in within without changing what any code means,
// or "". The name must be declared in none of the scopes around pos, at
// any position: declared later in the same block it would clash with the
// new one (or turn `name, err := ...` into an assignment to it), declared
// earlier or outside it would be shadowed. And it must not be spelled in
// within — the user's code the fix moves next to the new name or wraps in
// its scope — where it could hide a use of something else, as the err of
// `log.Fatal(err, srv.ListenAndServe())` would be hidden by an
// `if err := srv.ListenAndServe(); ...` around it.
func FreshName(pass *analysis.Pass, base string, pos token.Pos, within ...ast.Node) string {
	used := map[string]bool{}
	for _, n := range within {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}
	scope := pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return ""
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
		for s := scope; s != nil; s = s.Parent() {
			if s.Lookup(name) != nil {
				continue next
			}
		}
		return name
	}
	return ""
}

// SameMeaning reports whether every name e uses resolves at pos to the
// same object as in e: e's text can be moved to pos. The selected name of
// a selector (x.f, pkg.F) is not looked up; its operand is.
func SameMeaning(pass *analysis.Pass, e ast.Node, pos token.Pos) bool {
	same := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			same = same && SameMeaning(pass, n.X, pos)
			return false
		case *ast.Ident:
			if obj := pass.TypesInfo.Uses[n]; obj != nil && Lookup(pass, n.Name, pos) != obj {
				same = false
			}
		}
		return same
	})
	return same
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

// GoVersionAt returns the Go version the file holding pos is compiled for
// ("go1.22"): its //go:build constraint or the module's go line, else the
// package's; "" if unknown. Fixes that use newer API are gated on it.
func GoVersionAt(pass *analysis.Pass, pos token.Pos) string {
	if f := File(pass, pos); f != nil && pass.TypesInfo.FileVersions != nil {
		if v := pass.TypesInfo.FileVersions[f]; v != "" {
			return v
		}
	}
	return pass.Pkg.GoVersion()
}

// Before returns where a statement inserted before stmt goes: before the
// line comments on the lines directly above stmt (its explanation, an
// ignore directive for it), which must stay next to it; else at stmt.
// stmt must be the first thing on its line (see Indent).
func Before(pass *analysis.Pass, stmt ast.Node) token.Pos {
	f, tf := File(pass, stmt.Pos()), pass.Fset.File(stmt.Pos())
	if f == nil || tf == nil {
		return stmt.Pos()
	}
	// The // comments that start their line, by line.
	starts := map[int]token.Pos{}
	for _, cg := range f.Comments {
		if cg.Pos() >= stmt.Pos() {
			break
		}
		for _, c := range cg.List {
			line := tf.Line(c.Pos())
			if strings.HasPrefix(c.Text, "//") && strings.TrimSpace(Source(pass, tf.LineStart(line), c.Pos())) == "" {
				starts[line] = c.Pos()
			}
		}
	}
	pos := stmt.Pos()
	for line := tf.Line(stmt.Pos()) - 1; line >= 1; line-- {
		c, ok := starts[line]
		if !ok {
			break
		}
		pos = c
	}
	return pos
}

// TrailingComment returns the // comment that ends the line of pos, and
// the range to delete to move it elsewhere (from the end of the code
// before it); ok is false if the line ends without one.
func TrailingComment(pass *analysis.Pass, pos token.Pos) (text string, from, to token.Pos, ok bool) {
	f, tf := File(pass, pos), pass.Fset.File(pos)
	if f == nil || tf == nil {
		return "", 0, 0, false
	}
	line := tf.Line(pos)
	var last *ast.Comment
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if c.Pos() >= pos && tf.Line(c.Pos()) == line {
				last = c
			}
		}
	}
	if last == nil || !strings.HasPrefix(last.Text, "//") {
		return "", 0, 0, false
	}
	before := Source(pass, pos, last.Pos())
	from = last.Pos() - token.Pos(len(before)-len(strings.TrimRight(before, " \t")))
	return last.Text, from, last.End(), true
}
