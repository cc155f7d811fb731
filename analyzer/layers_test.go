package analyzer_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestLayers checks the architecture of docs/contributing.md: what each
// layer may import. A rule imports the core and the rule framework, never
// another rule or a driver; the core never imports a rule or a driver; a
// driver runs analyzers it is given and imports no rule.
func TestLayers(t *testing.T) {
	const mod = "github.com/ginctxlint/ginctxlint/"
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports, Dir: ".."}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	// layer of a package of the module, by path; lower layers must not
	// import higher ones (equal is allowed within the core only where
	// listed in allowed).
	layer := func(path string) (string, int) {
		rel := strings.TrimPrefix(path, mod)
		switch {
		case slices.Contains([]string{"internal/astx", "internal/typesx", "internal/stdlib", "internal/position", "internal/fixpoint", "internal/apis", "internal/frameworks", "internal/cli", "internal/srctest"}, rel):
			return "leaf", 0
		case rel == "internal/loops" || rel == "internal/fixes" || rel == "internal/callgraph":
			return "core", 1
		case rel == "internal/goroutine" || rel == "internal/iocalls" || rel == "internal/flow":
			return "model", 2
		case rel == "internal/rule" || rel == "internal/ruletest":
			return "framework", 3
		case strings.HasPrefix(rel, "analyzer/") && strings.Count(rel, "/") >= 1:
			return "rule", 4
		case rel == "analyzer":
			return "registry", 5
		}
		return "driver", 6
	}
	for _, p := range pkgs {
		if !strings.HasPrefix(p.PkgPath, mod) && p.PkgPath != strings.TrimSuffix(mod, "/") {
			continue
		}
		name, l := layer(p.PkgPath)
		for path := range p.Imports {
			if !strings.HasPrefix(path, mod) {
				continue
			}
			iname, il := layer(path)
			switch {
			case il > l:
				t.Errorf("%s (%s) imports %s (%s): a lower layer imports a higher one", p.PkgPath, name, path, iname)
			case name == "rule" && iname == "rule" && !strings.HasPrefix(path, p.PkgPath+"/"):
				t.Errorf("rule %s imports rule %s: rules share through the core, not each other", p.PkgPath, path)
			case name == "driver" && iname == "rule":
				t.Errorf("driver %s imports rule %s: drivers run the registry's analyzers", p.PkgPath, path)
			case l == 2 && il == 2 && strings.HasSuffix(p.PkgPath, "internal/goroutine"):
				t.Errorf("the goroutine model imports %s: API tables build on the model, not the other way", path)
			}
		}
	}
}
