package fixes

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// pass type-checks src, a file of package p, and returns it with the
// position of the first «» marker (removed from the source).
func pass(t *testing.T, src string) (*analysis.Pass, token.Pos) {
	t.Helper()
	off := strings.Index(src, "«»")
	if off < 0 {
		t.Fatal("no «» marker")
	}
	src = src[:off] + src[off+len("«»"):]
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}, Scopes: map[ast.Node]*types.Scope{}}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, []*ast.File{f}, info)
	return &analysis.Pass{Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info}, f.FileStart + token.Pos(off)
}

func TestFreshName(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		within    bool // the function body is the code that sees the name
		want      string
	}{
		{"free", `package p; func f() { «»_ = 1 }`, false, "err"},
		{"declared before", `package p; func f() { err := error(nil); «»_ = err }`, false, "err2"},
		{"declared later in the block", `package p; func f() { «»_ = 1; err := error(nil); _ = err }`, false, "err2"},
		{"a parameter", `package p; func f(err error) { «»_ = 1 }`, false, "err2"},
		{"package level", `package p; var err error; func f() { «»_ = 1 }`, false, "err2"},
		{"spelled in the moved code", `package p; func f() { «»{ err := 1; _ = err } }`, true, "err2"},
		{"inner block elsewhere", `package p; func f() { «»_ = 1 }; func g() { err := 1; _ = err }`, false, "err"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, pos := pass(t, tc.src)
			var within []ast.Node
			if tc.within {
				within = append(within, p.Files[0].Decls[len(p.Files[0].Decls)-1])
			}
			if got := FreshName(p, "err", pos, within...); got != tc.want {
				t.Errorf("FreshName = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSameMeaning(t *testing.T) {
	src := `package p
type T struct{ f int }
func (T) M() {}
func f(c T) {
	«»go func(c T) { _ = c.f; c.M() }(T{})
	go func() { _ = c.f; c.M() }()
}`
	p, pos := pass(t, src)
	decl := p.Files[0].Decls[2].(*ast.FuncDecl)
	lits := []ast.Node{}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if l, ok := n.(*ast.FuncLit); ok {
			lits = append(lits, l.Body)
		}
		return true
	})
	if SameMeaning(p, lits[0], pos) {
		t.Errorf("SameMeaning(the literal with its own c) = true, want false")
	}
	if !SameMeaning(p, lits[1], pos) {
		t.Errorf("SameMeaning(the literal that captures c) = false, want true")
	}
}

// TestImportOnePerPath: every fix in a file imports a package under the
// same name, wherever the fix is, so that fixes applied together add one
// import (identical edits merge), never both "log" and stdlog "log"
// (staticcheck ST1019); an import the file has is reused.
func TestImportOnePerPath(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // "" for no fix
		adds      bool   // the fix adds an import
	}{
		{"free", `package p; func f() { «»_ = 1 }`, "log", true},
		{"imported", `package p; import "log"; func f() { «»log.Print() }`, "log", false},
		{"imported under another name", `package p; import stdlog "log"; func f() { «»stdlog.Print() }`, "stdlog", false},
		{"imported, shadowed here", `package p; import "log"; func f() { log := 1; «»_ = log }; var _ = log.Print`, "", false},
		{"log declared here", `package p; func f() { log := 1; «»_ = log }`, "stdlog", true},
		// The fix in f must agree with a fix in g, where log is a variable.
		{"log declared in another function", `package p; func f() { «»_ = 1 }; func g() { log := 1; _ = log }`, "stdlog", true},
		{"log at package level", `package p; var log = 1; func f() { «»_ = log }`, "stdlog", true},
		{"log names another package", `package p; import log "strings"; func f() { «»_ = log.Title }`, "stdlog", true},
		{"both taken", `package p; func f() { log, stdlog := 1, 2; «»_, _ = log, stdlog }`, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, pos := pass(t, tc.src)
			got, edits, ok := Import(p, pos, "log", "log", "stdlog")
			if tc.want == "" {
				if ok {
					t.Errorf("Import = %q, %v; want no fix", got, edits)
				}
				return
			}
			if !ok || got != tc.want || (len(edits) > 0) != tc.adds {
				t.Errorf("Import = %q, %d edits, %v; want %q, adds %v", got, len(edits), ok, tc.want, tc.adds)
			}
		})
	}
}

// TestComments: Before steps over the // lines directly above a
// statement, TrailingComment finds the // comment ending a line.
func TestComments(t *testing.T) {
	src := "package p\n\nfunc f() {\n\tx := 1 // x\n\n\t// about g\n\t//ginctxlint:ignore r why\n\tgo g() /* c */ // end\n\t_ = x\n}\n\nfunc g() {}\n"
	p, _ := pass(t, strings.Replace(src, "package p", "«»package p", 1))
	p.ReadFile = func(string) ([]byte, error) { return []byte(src), nil }
	body := p.Files[0].Decls[0].(*ast.FuncDecl).Body
	at := func(pos token.Pos) string { return src[p.Fset.Position(pos).Offset:][:8] }
	if got := at(Before(p, body.List[1])); got != "// about" {
		t.Errorf("Before(go g()) at %q, want the first comment line above it", got)
	}
	if got := Before(p, body.List[2]); got != body.List[2].Pos() {
		t.Errorf("Before(_ = x) at %q, want the statement (the comment above ends a line of code)", at(got))
	}
	text, from, to, ok := TrailingComment(p, body.List[1].Pos())
	if !ok || text != "// end" || src[p.Fset.Position(from).Offset:p.Fset.Position(to).Offset] != " // end" {
		t.Errorf("TrailingComment(go g()) = %q, %v, want // end and the blank before it", text, ok)
	}
	if _, _, _, ok := TrailingComment(p, body.List[2].Pos()); ok {
		t.Error("TrailingComment(_ = x) found a comment on a line without one")
	}
}
