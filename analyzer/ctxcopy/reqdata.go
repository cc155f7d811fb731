package ctxcopy

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/frameworks"
	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// --- request-owned data after return ---

// checkRequestData reports a goroutine started while serving a request,
// not waited for, that reads what net/http takes back when ServeHTTP
// returns, whatever became of the pooled context: it closes the request
// body and removes the multipart form's temporary files
// ((*http.response).finishRequest: w.reqBody.Close(),
// w.req.MultipartForm.RemoveAll()). c.Copy() shares the *http.Request, so
// a copy does not help. The goroutine
//
//   - opens a *multipart.FileHeader the handler got (fh.Open(),
//     c.SaveUploadedFile(fh, ...)): parts above the in-memory limit (gin's
//     MaxMultipartMemory, 32 MB) are temporary files, gone by then;
//   - reads the request body (c.Request.Body, r.Body, cp.Request.Body);
//   - parses the form or its files then (c.FormFile, c.MultipartForm,
//     r.FormFile, r.MultipartReader, ParseMultipartForm).
//
// What is declared inside the goroutine is its own business, except what
// it gets from the request there.
func (c *checker) checkRequestData(l *goroutine.Launch) {
	if !c.m.InRequestScope(l) || c.m.Joined(l) {
		return
	}
	info := c.p.TypesInfo
	lit := l.Lit
	if lit == nil {
		// go process(r.Body): the body handed over as an argument.
		for _, e := range l.EvaluatedAtLaunch() {
			if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" && isHTTPRequest(info.TypeOf(sel.X)) {
				c.reportRequestData(l, sel, fmt.Sprintf("is handed %s, and reads it", types.ExprString(sel)))
				return
			}
		}
		return
	}
	captured := func(e ast.Expr) bool {
		v, _ := goroutine.RootVar(info, e)
		return v != nil && !(lit.Pos() <= v.Pos() && v.Pos() < lit.End())
	}
	var at ast.Node
	var what string
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if at != nil {
			return false
		}
		defer func() {
			// A file opened or saved before a signal the handler waits for
			// on every path (connect, then signal) is opened while the
			// request is served. (A body mentioned there may be read later.)
			if _, isCall := at.(*ast.CallExpr); isCall && c.m.Before(l, []ast.Node{at}) {
				at = nil
			}
		}()
		switch n := n.(type) {
		case *ast.SelectorExpr:
			// r.Body, c.Request.Body
			if n.Sel.Name == "Body" && isHTTPRequest(info.TypeOf(n.X)) && captured(n.X) {
				at, what = n, fmt.Sprintf("reads %s", types.ExprString(n))
			}
		case *ast.CallExpr:
			fn, ok := typeutil.Callee(info, n).(*types.Func)
			if !ok || fn.Pkg() == nil {
				return true
			}
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch frameworks.UploadOf(fn) {
			case frameworks.OpensFile:
				if captured(sel.X) {
					at, what = n, fmt.Sprintf("opens %s, a file of the request's multipart form,", types.ExprString(sel.X))
				}
			case frameworks.SavesFile:
				if len(n.Args) > 0 && captured(n.Args[0]) {
					at, what = n, fmt.Sprintf("saves %s, a file of the request's multipart form,", types.ExprString(n.Args[0]))
				}
			case frameworks.ReadsForm:
				if captured(sel.X) {
					at, what = n, fmt.Sprintf("calls %s.%s", types.ExprString(sel.X), fn.Name())
				}
			}
		}
		return true
	})
	if at != nil {
		c.reportRequestData(l, at, what)
	}
}

func (c *checker) reportRequestData(l *goroutine.Launch, at ast.Node, what string) {
	c.p.Report(analysis.Diagnostic{
		Pos: at.Pos(), End: at.End(),
		Message: fmt.Sprintf("a goroutine that can outlive the handler %s after net/http may have closed the request body and removed its multipart temporary files (it does when ServeHTTP returns, and c.Copy() shares the same *http.Request), so large uploads are lost — read or save the file before starting the goroutine and hand it the bytes or the saved path",
			what),
		Related: []analysis.RelatedInformation{rule.Related(l.Node, "the goroutine starts here and is not waited for")},
	})
}

func isHTTPRequest(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Request"
}
