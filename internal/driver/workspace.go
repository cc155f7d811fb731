package driver

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A Workspace is a program analysed once and then kept up to date with
// edits: the language server's. Open loads and analyses it as the command
// does (Load and Analyze, with the cache, on the unsaved contents given
// as the overlay); Update type-checks and analyses again, in memory, only
// the packages that compile the edited files and those that import them,
// with the same pass runner, fact visibility and findings as the command
// — so the editor and the command cannot disagree.
//
// A Workspace is not safe for concurrent use.
type Workspace struct {
	prog      *Program
	run       *run
	pkgs      []*node            // the root packages whose findings count, in go list order
	byFile    map[string][]*node // compiled Go file → those of pkgs that compile it
	importers map[*node][]*node

	LoadTime, AnalysisTime time.Duration // of Open: listing, then type-checking and analysis
}

// Open loads the packages matching patterns with cfg and analyses them
// with a (see Run), keeping the root packages' syntax for Update. The
// overlay (cfg.Overlay) is part of every cache key: a package's key
// hashes its files' contents as read through the overlay, and the export
// data of its imports, which go list builds from the overlay too.
// Analysis panics become the analysis's error instead of crashing the
// caller.
func Open(cfg *Config, a *analysis.Analyzer, cache *Cache, patterns ...string) (*Workspace, error) {
	c := *cfg // Update replaces the overlay
	c.Overlay = maps.Clone(cfg.Overlay)
	start := time.Now()
	prog, err := Load(&c, patterns...)
	if err != nil {
		return nil, err
	}
	w := &Workspace{prog: prog, byFile: map[string][]*node{}, importers: map[*node][]*node{}, LoadTime: time.Since(start)}
	start = time.Now()
	prog.keepSyntax = true
	if w.run, err = prog.analyze(a, cache, true); err != nil {
		return nil, err
	}
	w.AnalysisTime = time.Since(start)
	for _, n := range prog.nodes {
		for _, d := range n.imports {
			w.importers[d] = append(w.importers[d], n)
		}
	}
	for _, p := range prog.Roots {
		n := prog.byPkg[p]
		if isTestMain(p) {
			continue // generated; nothing to report there
		}
		w.pkgs = append(w.pkgs, n)
		for _, f := range p.CompiledGoFiles {
			w.byFile[f] = append(w.byFile[f], n)
		}
	}
	return w, nil
}

// isTestMain reports whether p is the generated main package of a test
// binary.
func isTestMain(p *packages.Package) bool {
	return p.Name == "main" && strings.HasSuffix(p.PkgPath, ".test") && strings.HasSuffix(p.ID, ".test")
}

// Fset is the file set every position of the workspace is in.
func (w *Workspace) Fset() *token.FileSet { return w.prog.Fset }

// Packages returns the root packages whose findings count (the roots but
// the generated test mains), in go list order, and the number of packages
// loaded (dependencies included).
func (w *Workspace) Packages() (roots []*packages.Package, loaded int) {
	for _, n := range w.pkgs {
		roots = append(roots, n.p)
	}
	return roots, len(w.prog.nodes)
}

// Findings returns what the analyzer reported on the root package p at
// its last analysis, by the name of the file each diagnostic starts in —
// the diagnostics the command prints for p, with their related
// information and suggested fixes — or the error that stopped the
// analysis (the package does not type-check, a prerequisite failed, an
// analyzer panicked).
func (w *Workspace) Findings(p *packages.Package) (map[string][]analysis.Diagnostic, error) {
	n := w.prog.byPkg[p]
	if n == nil || n.act == nil {
		return nil, fmt.Errorf("%s: not analysed", p.ID)
	}
	for _, x := range w.run.all {
		if act := n.act.acts[x]; act != nil && act.Err != nil {
			return nil, fmt.Errorf("%s on %s: %v", x.Name, p.ID, act.Err)
		}
	}
	out := map[string][]analysis.Diagnostic{}
	for _, d := range n.act.acts[w.run.a].Diagnostics {
		if tf := w.prog.Fset.File(d.Pos); tf != nil {
			out[tf.Name()] = append(out[tf.Name()], d)
		}
	}
	return out, nil
}

// A StaleError says that an edit changed what the listing knows (a new
// import, a new file, a cgo package): Open the workspace again.
type StaleError struct{ Reason string }

func (e *StaleError) Error() string { return e.Reason }

// Update takes overlay as the unsaved contents (it replaces the previous
// overlay: a file no longer in it is read from disk) and analyses again,
// in dependency order, the packages that compile the files in changed and
// every root package that imports them; it returns those packages. The
// cache is neither read nor written (the export data the keys name
// predates the edit). An edit the listing does not cover returns a
// *StaleError and changes nothing.
func (w *Workspace) Update(overlay map[string][]byte, changed ...string) ([]*packages.Package, error) {
	prog := w.prog
	old := prog.cfg.Overlay
	prog.cfg.Overlay = overlay
	for _, name := range changed {
		if err := w.staleEdit(name); err != nil {
			prog.cfg.Overlay = old
			return nil, err
		}
	}
	dirty := map[*node]bool{}
	var stale []*token.File // the previous parses of the changed files
	var keep []*ast.File    // the new parses, alive until the packages hold them
	for _, name := range changed {
		if tf := prog.forget(name); tf != nil {
			stale = append(stale, tf)
		}
		f, _, _ := prog.parse(name, true)
		keep = append(keep, f)
		for _, n := range w.byFile[name] {
			w.markDirty(n, dirty)
		}
	}
	var out []*packages.Package
	for _, n := range prog.nodes {
		if dirty[n] {
			w.reanalyse(n)
			out = append(out, n.p)
		}
	}
	for _, tf := range stale {
		prog.Fset.RemoveFile(tf) // one copy of a file per edit would add up
	}
	runtime.KeepAlive(keep)
	return out, nil
}

// staleEdit returns the StaleError that the new contents of name cause,
// if any: name is in no package of the listing, cannot be read, is in a
// cgo package, or imports a package its packages did not.
func (w *Workspace) staleEdit(name string) error {
	ns := w.byFile[name]
	if len(ns) == 0 {
		return &StaleError{name + " is not in a loaded package"}
	}
	src, err := w.prog.readFile(name)
	if err != nil {
		return &StaleError{err.Error()}
	}
	f, _ := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly) // never nil
	for _, n := range ns {
		if len(n.p.CompiledGoFiles) != len(n.p.GoFiles) {
			return &StaleError{"cgo package " + n.p.PkgPath}
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || path == "unsafe" {
				continue
			}
			if n.p.Imports[path] == nil {
				return &StaleError{fmt.Sprintf("new import %q in %s", path, name)}
			}
		}
	}
	return nil
}

// markDirty marks n and the root packages importing it, transitively.
// Only the generated test mains import root packages without being roots
// of the workspace, and nothing reads them.
func (w *Workspace) markDirty(n *node, dirty map[*node]bool) {
	if dirty[n] || !n.root || isTestMain(n.p) {
		return
	}
	dirty[n] = true
	for _, m := range w.importers[n] {
		w.markDirty(m, dirty)
	}
}

// reanalyse type-checks n from source again, against its imports' types
// as they are now (the dirty ones were checked before it), and analyses
// it without the cache.
func (w *Workspace) reanalyse(n *node) {
	prog := w.prog
	n.typesOnce.Do(func() {}) // from now on, only Update checks n
	for _, d := range n.imports {
		prog.ensureTypes(d, d.hit != nil) // a cached import may have no types yet
	}
	p := n.p
	p.Errors, p.TypeErrors, p.IllTyped = slices.Clone(n.listErrors), nil, false
	p.Syntax, p.TypesInfo = nil, nil
	n.key, n.hit, n.factsDigest = "", nil, ""
	prog.checkSource(n, true)
	w.run.register(n)
	n.act = w.run.analyze(n)
	p.TypesInfo = nil
}

// forget drops the shared parse of name, if any, and returns the file it
// was parsed into.
func (prog *Program) forget(name string) *token.File {
	prog.parseMu.Lock()
	defer prog.parseMu.Unlock()
	v := prog.parses[name]
	delete(prog.parses, name)
	if v == nil {
		return nil
	}
	<-v.ready
	if f := v.file.Value(); f != nil {
		return prog.Fset.File(f.FileStart)
	}
	return nil
}
