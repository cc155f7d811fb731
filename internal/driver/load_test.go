package driver

import (
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// Export data is read only for the packages a source package imports
// directly: the others stay placeholders that the export data of their
// importers fills with what it mentions (crypto/tls, through net/http's
// Request.TLS), and a package read later (crypto/tls, imported by
// example.com/m/tlsutil) fills the same placeholder, so that every path
// has one types.Package and the objects met both ways are identical.
func TestExportDataOfDirectImportsOnly(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.25\n",
		"m.go": `package m

import (
	"net/http"

	"example.com/m/tlsutil"
)

func Done(r *http.Request) bool { return r.TLS != nil && tlsutil.Done(r.TLS) }
`,
		"tlsutil/tlsutil.go": `package tlsutil

import "crypto/tls"

func Done(s *tls.ConnectionState) bool { return s.HandshakeComplete }
`,
	}
	for name, data := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prog, err := Load(&Config{Dir: dir, Env: append(os.Environ(), "GOFLAGS=", "GOPROXY=off")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	a := &analysis.Analyzer{Name: "nothing", Doc: "does nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	g, err := prog.Analyze(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
	}
	byPath := map[string]*node{}
	direct := map[*node]bool{}
	for _, n := range prog.nodes {
		byPath[n.p.PkgPath] = n
		if len(n.p.Errors) > 0 {
			t.Errorf("%s: %v", n.p.ID, n.p.Errors)
		}
		if n.source {
			for _, d := range n.imports {
				direct[d] = true
			}
		}
	}
	for _, n := range prog.nodes {
		switch {
		case n.p.Types == nil:
			t.Errorf("%s has no types", n.p.ID)
		case (n.source || direct[n]) && !n.p.Types.Complete():
			t.Errorf("%s is imported by a source package (or is one) but its types are incomplete", n.p.ID)
		}
	}
	for _, path := range []string{"net/http", "crypto/tls"} {
		if !byPath[path].p.Types.Complete() {
			t.Errorf("%s: not read", path)
		}
	}
	// Below net/http and crypto/tls, nothing is read: a placeholder.
	if n := byPath["crypto/x509"]; n == nil || n.p.Types.Complete() || n.p.Types.Scope().Len() == 0 {
		t.Errorf("crypto/x509: want a placeholder filled by its importers' export data")
	}
	// One types.Package per path, in every import list.
	seen := map[*types.Package]bool{}
	var visit func(*types.Package)
	visit = func(tp *types.Package) {
		if seen[tp] {
			return
		}
		seen[tp] = true
		if n := byPath[tp.Path()]; n == nil || n.p.Types != tp {
			t.Errorf("a second types.Package for %s", tp.Path())
		}
		for _, imp := range tp.Imports() {
			visit(imp)
		}
	}
	visit(byPath["example.com/m"].p.Types)
	// The tls.ConnectionState of net/http's Request is tlsutil's.
	req := byPath["net/http"].p.Types.Scope().Lookup("Request").Type().Underlying().(*types.Struct)
	var tlsField types.Type
	for i := range req.NumFields() {
		if f := req.Field(i); f.Name() == "TLS" {
			tlsField = f.Type()
		}
	}
	done := byPath["example.com/m/tlsutil"].p.Types.Scope().Lookup("Done").Type().(*types.Signature)
	if tlsField == nil || !types.Identical(tlsField, done.Params().At(0).Type()) {
		t.Errorf("Request.TLS is %v, tlsutil.Done takes %v: want identical", tlsField, done.Params().At(0).Type())
	}
}

// A file compiled by a package and by its test variant is parsed once
// while a package holds its syntax (here, an analyzer keeps every
// package's files); the findings are those of separate parses (the
// drivers' comparison, TestSameAsStandardDriver).
func TestSyntaxShared(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":     "module example.com/m\n\ngo 1.25\n",
		"m.go":       "package m\n\nfunc F() int { return 1 }\n",
		"m_test.go":  "package m\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
		"x_test.go":  "package m_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m\"\n)\n\nfunc TestX(t *testing.T) { m.F() }\n",
		"sub/sub.go": "package sub\n\nfunc G() {}\n",
	}
	for name, data := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prog, err := Load(&Config{Dir: dir, Tests: true, Env: append(os.Environ(), "GOFLAGS=", "GOPROXY=off")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]map[*ast.File]bool{}
	a := &analysis.Analyzer{Name: "keep", Doc: "keeps the syntax", Run: func(pass *analysis.Pass) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range pass.Files {
			name := filepath.Base(pass.Fset.File(f.FileStart).Name())
			if seen[name] == nil {
				seen[name] = map[*ast.File]bool{}
			}
			seen[name][f] = true
		}
		return nil, nil
	}}
	if _, err := prog.Analyze(a, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(seen["m.go"]); n != 1 {
		t.Errorf("m.go: %d syntax trees for m and m [m.test], want 1", n)
	}
	for _, name := range []string{"m_test.go", "x_test.go", "sub.go"} {
		if n := len(seen[name]); n != 1 {
			t.Errorf("%s: %d syntax trees, want 1", name, n)
		}
	}
}
