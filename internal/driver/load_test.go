package driver

import (
	"go/types"
	"os"
	"path/filepath"
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
