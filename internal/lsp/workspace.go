package lsp

import (
	"errors"
	"maps"
	"slices"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/driver"
)

// A workspace is one module (the packages matching ./..., with their
// tests) as internal/driver analyses it: a driver.Workspace, the
// command's loader, pass runner, facts and cache, on the unsaved
// contents. After the first load, an edit type-checks and analyzes again
// only the packages holding the edited file and those that import them.
// What the workspace adds is the editor's view of each package's last
// analysis: its findings in editor terms and the document versions they
// were computed from.
type workspace struct {
	dir    string
	dw     *driver.Workspace
	pkgs   []*pkg            // the packages whose findings are published
	byID   map[string]*pkg   // by package ID
	byFile map[string][]*pkg // compiled Go file → packages holding it
	loaded int               // packages loaded, dependencies included
}

type pkg struct {
	lp *packages.Package
	// findings of the last successful analysis, in editor terms (they
	// outlive the file set's copy of an edited file)
	findings []*finding
	analyzed bool // findings are current
	// versions of the package's open files its findings were computed
	// from (nil or absent: the file on disk)
	versions map[string]*int
	err      error
}

// loadWorkspace loads dir/... with the unsaved contents of snap's open
// files and analyzes every package; cache may be nil.
func loadWorkspace(dir string, a *analysis.Analyzer, cache *driver.Cache, snap *snapshot) (*workspace, error) {
	dw, err := driver.Open(&driver.Config{Dir: dir, Tests: true, Overlay: snap.overlay()}, a, cache, "./...")
	if err != nil {
		return nil, err
	}
	roots, loaded := dw.Packages()
	w := &workspace{dir: dir, dw: dw, byID: map[string]*pkg{}, byFile: map[string][]*pkg{}, loaded: loaded}
	for _, lp := range roots {
		p := &pkg{lp: lp}
		w.pkgs = append(w.pkgs, p)
		w.byID[lp.ID] = p
		for _, f := range lp.CompiledGoFiles {
			w.byFile[f] = append(w.byFile[f], p)
		}
		w.refresh(p, snap)
	}
	return w, nil
}

func (w *workspace) loadTime() time.Duration     { return w.dw.LoadTime }
func (w *workspace) analysisTime() time.Duration { return w.dw.AnalysisTime }

// errNeedReload says that an edit changed what go/packages knows (a new
// import, a new file): the workspace must be loaded again.
type errNeedReload struct{ reason string }

func (e errNeedReload) Error() string { return e.reason }

// update analyzes again, with the contents of snap, the packages holding
// the files in changed and their importers. It returns those packages.
func (w *workspace) update(changed []string, snap *snapshot) ([]*pkg, error) {
	lps, err := w.dw.Update(snap.overlay(), changed...)
	var stale *driver.StaleError
	if errors.As(err, &stale) {
		return nil, errNeedReload{stale.Reason}
	}
	if err != nil {
		return nil, err
	}
	var out []*pkg
	for _, lp := range lps {
		if p := w.byID[lp.ID]; p != nil {
			w.refresh(p, snap)
			out = append(out, p)
		}
	}
	return out, nil
}

// refresh takes p's findings from its last analysis, in editor terms. A
// package that could not be analyzed (ill-typed: the user is in the
// middle of typing) keeps its previous findings, which are not current:
// nothing is published for its files until it analyzes again.
func (w *workspace) refresh(p *pkg, snap *snapshot) {
	byFile, err := w.dw.Findings(p.lp)
	p.err = err
	if err != nil {
		p.analyzed = false
		return
	}
	p.analyzed = true
	p.findings = nil
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		p.findings = append(p.findings, resolve(w.dw.Fset(), byFile[file], snap)...)
	}
	p.versions = map[string]*int{}
	for _, f := range p.lp.CompiledGoFiles {
		p.versions[f] = snap.version(f)
	}
}
