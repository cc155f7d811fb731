package gorecover

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/fixes"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
)

// recoverer returns the text of a deferred call that recovers, for a
// statement at pos (the first statement of the goroutine, or a defer), and
// the import it needs. ok is false when no name is safe to insert.
func (c *checker) recoverer(pos token.Pos, indent string) (text string, edits []analysis.TextEdit, ok bool) {
	if h := c.opts.helper; h != nil {
		if h.PkgPath == c.p.Pkg.Path() {
			if obj := c.p.Pkg.Scope().Lookup(h.Name); obj == nil || fixes.Lookup(c.p.Pass, h.Name, pos) != obj {
				return "", nil, false
			}
			return h.Name + "()", nil, true
		}
		local, edits, ok := fixes.Import(c.p.Pass, pos, h.PkgPath, c.pkgName(h.PkgPath))
		if !ok {
			return "", nil, false
		}
		return local + "." + h.Name + "()", edits, true
	}
	if fixes.Lookup(c.p.Pass, "recover", pos) != types.Universe.Lookup("recover") {
		return "", nil, false // a function of the user's named recover would be called instead
	}
	logName, edits, ok := fixes.Import(c.p.Pass, pos, "log", "log", "stdlog")
	if !ok {
		return "", nil, false
	}
	// The new variable lives in a block of its own, but a name the
	// goroutine already uses would read as if it were the same one.
	r := fixes.FirstFree(c.p.Pass, pos, "r", "rec", "recovered")
	if r == "" {
		return "", nil, false
	}
	text = fmt.Sprintf("func() {\n%[1]s\tif %[2]s := recover(); %[2]s != nil {\n%[1]s\t\t%[3]s.Printf(\"panic in goroutine: %%v\", %[2]s)\n%[1]s\t}\n%[1]s}()", indent, r, logName)
	return text, edits, true
}

// deferFix inserts a deferred recover at the top of lit, unless the
// goroutine signals someone outside its deferred calls (see signals).
func (c *checker) deferFix(lit *ast.FuncLit) *analysis.SuggestedFix {
	if c.signals(lit.Body) {
		return nil
	}
	body := lit.Body
	var indent string
	if len(body.List) > 0 {
		indent = fixes.LineIndent(c.p.Pass, body.List[0].Pos())
	} else {
		indent = fixes.LineIndent(c.p.Pass, body.Pos()) + "\t"
	}
	text, edits, ok := c.recoverer(body.Lbrace+1, indent)
	if !ok {
		return nil
	}
	// One statement, on a line of its own before the first statement
	// and the comments above it, so that a comment after the brace stays
	// where it is, and one about the first statement stays with it.
	tf := c.p.Fset.File(body.Pos())
	if len(body.List) > 0 && tf.Line(body.List[0].Pos()) > tf.Line(body.Lbrace) {
		at := tf.LineStart(tf.Line(fixes.Before(c.p.Pass, body.List[0])))
		edits = append(edits, analysis.TextEdit{Pos: at, End: at, NewText: []byte(indent + "defer " + text + "\n")})
	} else {
		stmt := "\n" + indent + "defer " + text + "\n"
		// A literal on one line is split over several: a comment at the
		// end of the line (an ignore directive for the goroutine) moves
		// after the brace, staying on the line of the go statement;
		// gofmt would move it to the closing brace's line.
		if comment, from, to, ok := fixes.TrailingComment(c.p.Pass, lit.End()); ok && tf.Line(lit.End()) == tf.Line(body.Lbrace) {
			stmt = " " + comment + stmt
			edits = append(edits, analysis.TextEdit{Pos: from, End: to})
		}
		edits = append(edits, analysis.TextEdit{Pos: body.Lbrace + 1, End: body.Lbrace + 1, NewText: []byte(stmt)})
	}
	return &analysis.SuggestedFix{Message: "Recover and log panics in the goroutine", TextEdits: edits}
}

// signals reports whether body delivers something someone may wait for
// other than in a deferred call: a send (results <- f()), a close, a
// WaitGroup's Done. A recover that swallows the panic skips it, and the
// waiter hangs: a crash becomes a hang, which is worse (issue 19). Such a
// goroutine gets no fix — delivering an error result instead is the
// author's call. Deferred signals (defer wg.Done(), defer close(ch)) run
// after a recovered panic too.
func (c *checker) signals(body *ast.BlockStmt) bool {
	info := c.p.TypesInfo
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false // another function, a deferred call, another goroutine
		case *ast.SendStmt:
			found = true
		case *ast.CallExpr:
			switch fn := typeutil.Callee(info, n).(type) {
			case *types.Builtin:
				found = found || fn.Name() == "close"
			case *types.Func:
				if recv := fn.Signature().Recv(); recv != nil && fn.Name() == "Done" && goroutine.IsNamed(recv.Type(), "sync", "WaitGroup") {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// replaceDeferredRecover turns `defer recover()` into a deferred literal
// that recovers.
func (c *checker) replaceDeferredRecover(mis *goroutine.FalseRecover) *analysis.SuggestedFix {
	indent := fixes.LineIndent(c.p.Pass, mis.Defer.Pos())
	text, edits, ok := c.recoverer(mis.Defer.Pos(), indent)
	if !ok {
		return nil
	}
	edits = append(edits, analysis.TextEdit{Pos: mis.Call.Pos(), End: mis.Call.End(), NewText: []byte(text)})
	return &analysis.SuggestedFix{Message: "Call recover from a deferred function", TextEdits: edits}
}

// unwrapHelper turns `defer func() { handlePanic() }()` into `defer
// handlePanic()`, when that is all the literal does and the helper takes
// no arguments (which would be evaluated earlier once deferred directly).
func (c *checker) unwrapHelper(mis *goroutine.FalseRecover) *analysis.SuggestedFix {
	lit, ok := ast.Unparen(mis.Defer.Call.Fun).(*ast.FuncLit)
	if !ok || len(mis.Defer.Call.Args) > 0 || len(lit.Body.List) != 1 || len(mis.Call.Args) > 0 {
		return nil
	}
	stmt, ok := lit.Body.List[0].(*ast.ExprStmt)
	if !ok || ast.Unparen(stmt.X) != mis.Call {
		return nil
	}
	// A method value would evaluate its receiver at the defer statement
	// instead of when the goroutine ends: only plain functions.
	switch fun := ast.Unparen(mis.Call.Fun).(type) {
	case *ast.Ident:
	case *ast.SelectorExpr:
		id, ok := fun.X.(*ast.Ident)
		if !ok {
			return nil
		}
		if _, isPkg := c.p.TypesInfo.Uses[id].(*types.PkgName); !isPkg {
			return nil
		}
	default:
		return nil
	}
	if hasComments(c.p.Pass, lit) {
		return nil // a comment in the literal would be lost
	}
	return &analysis.SuggestedFix{
		Message: fmt.Sprintf("Defer %s directly", exprString(c.p.Fset, mis.Call.Fun)),
		TextEdits: []analysis.TextEdit{{
			Pos:     mis.Defer.Call.Pos(),
			End:     mis.Defer.Call.End(),
			NewText: []byte(exprString(c.p.Fset, mis.Call)),
		}},
	}
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, e); err != nil {
		return ""
	}
	return buf.String()
}

func hasComments(pass *analysis.Pass, n ast.Node) bool {
	f := fixes.File(pass, n.Pos())
	if f == nil {
		return true
	}
	for _, cg := range f.Comments {
		if cg.Pos() >= n.Pos() && cg.End() <= n.End() {
			return true
		}
	}
	return false
}

// pkgName is the name of the package path: its declared name if the
// package imports it, else a guess from the path that skips a
// major-version suffix (example.com/obs/v2 is obs). Only direct imports
// are asked: drivers complete those before the package is analysed, while
// a package further down may be a placeholder that another package's
// export data is filling at that moment (our driver reads the export data
// of direct imports only, as go vet does).
func (c *checker) pkgName(path string) string {
	for _, p := range c.p.Pkg.Imports() {
		if p.Path() == path {
			return p.Name()
		}
	}
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = elems[len(elems)-2]
	}
	return strings.NewReplacer(".", "_", "-", "_").Replace(name)
}
