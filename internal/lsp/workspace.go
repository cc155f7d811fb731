package lsp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/driver"
)

// A workspace is one module loaded with internal/driver: the packages
// matching ./... (with their tests) and all their dependencies,
// type-checked (the standard library from export data), with the facts
// the analyzers exported in each. After the first load, an edit
// type-checks and analyzes again only the packages holding the edited file
// and those that import them: dependencies keep their types and facts.
//
// This is a small analysis driver rather than checker.Analyze because
// checker builds a fresh action graph on every call and would analyze
// every dependency (the whole standard library, gin, ...) again on every
// keystroke; facts are kept in memory by object, never serialized.
type workspace struct {
	dir       string
	analyzers []*analysis.Analyzer // the analyzer and, before it, what it requires
	facty     []*analysis.Analyzer // those that must run on dependencies too
	fset      *token.FileSet

	pkgs    []*pkg // dependencies before importers
	byID    map[string]*pkg
	byFile  map[string][]*pkg // compiled Go file → packages holding it
	byTypes map[*types.Package]*pkg

	loadTime, analysisTime time.Duration // of the first load, for the log
}

type pkg struct {
	lp        *packages.Package
	index     int  // in workspace.pkgs
	root      bool // matched ./..., its findings are published
	imports   map[string]*pkg
	importers []*pkg

	files      []*ast.File // parallel to lp.CompiledGoFiles
	types      *types.Package
	info       *types.Info
	typeErrors []types.Error
	illTyped   bool

	facts map[*analysis.Analyzer]*factSet
	// findings of the last successful analysis, in editor terms (they
	// outlive the file set's copy of an edited file)
	findings []*finding
	analyzed bool // findings are current
	// versions of the package's open files its findings were computed
	// from (nil or absent: the file on disk)
	versions map[string]*int
	err      error
}

type factSet struct {
	obj map[objKey]analysis.Fact
	pkg map[reflect.Type]analysis.Fact
}

type objKey struct {
	obj types.Object
	t   reflect.Type
}

// loadWorkspace loads dir/... and analyzes every package, dependencies
// first. overlay holds the unsaved contents of open files.
func loadWorkspace(dir string, a *analysis.Analyzer, snap *snapshot) (*workspace, error) {
	w := &workspace{
		dir:     dir,
		fset:    token.NewFileSet(),
		byID:    map[string]*pkg{},
		byFile:  map[string][]*pkg{},
		byTypes: map[*types.Package]*pkg{},
	}
	w.analyzers, w.facty = driver.Plan(a)
	// The command's loader (internal/driver): the standard library from
	// export data (no rule has facts there), everything else from source.
	start := time.Now()
	prog, err := driver.Load(&driver.Config{Dir: dir, Tests: true, Overlay: snap.overlay(), Fset: w.fset}, "./...")
	if err != nil {
		return nil, err
	}
	prog.TypeCheck()
	roots := prog.Roots
	w.loadTime = time.Since(start)
	packages.Visit(roots, nil, func(lp *packages.Package) {
		p := &pkg{lp: lp, index: len(w.pkgs), imports: map[string]*pkg{}, files: lp.Syntax, types: lp.Types, info: lp.TypesInfo, typeErrors: lp.TypeErrors, illTyped: lp.IllTyped}
		w.pkgs = append(w.pkgs, p)
		w.byID[lp.ID] = p
		if lp.Types != nil {
			w.byTypes[lp.Types] = p
		}
		for path, imp := range lp.Imports {
			d := w.byID[imp.ID] // postorder: already visited
			p.imports[path] = d
			d.importers = append(d.importers, p)
		}
	})
	for _, lp := range roots {
		if isTestMain(lp) {
			continue // generated; nothing to report there
		}
		p := w.byID[lp.ID]
		p.root = true
		for _, f := range lp.CompiledGoFiles {
			w.byFile[f] = append(w.byFile[f], p)
		}
	}
	start = time.Now()
	defer func() { w.analysisTime = time.Since(start) }()
	for _, p := range w.pkgs {
		w.analyze(p, snap)
		if !p.root {
			// Facts and types are all importers need: drop the syntax
			// and type information of dependencies, most of the memory.
			p.files, p.info, p.lp.Syntax, p.lp.TypesInfo = nil, nil, nil, nil
		}
	}
	return w, nil
}

func isTestMain(lp *packages.Package) bool {
	return lp.Name == "main" && strings.HasSuffix(lp.PkgPath, ".test") && strings.HasSuffix(lp.ID, ".test")
}

// errNeedReload says that an edit changed what go/packages knows (a new
// import, a new file): the workspace must be loaded again.
type errNeedReload struct{ reason string }

func (e errNeedReload) Error() string { return e.reason }

// update applies the new contents of the files in changed (read through
// readFile, which sees the overlay) and analyzes again the packages that
// hold them and their importers. It returns those packages.
func (w *workspace) update(changed []string, snap *snapshot) ([]*pkg, error) {
	dirty := map[*pkg]bool{}
	var old []*token.File
	for _, name := range changed {
		ps := w.byFile[name]
		if len(ps) == 0 {
			return nil, errNeedReload{name + " is not in a loaded package"}
		}
		src, err := snap.readFile(name)
		if err != nil {
			return nil, errNeedReload{err.Error()}
		}
		// The mode go/packages parses with, so that the rules see the same
		// syntax either way.
		f, _ := parser.ParseFile(w.fset, name, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			return nil, errNeedReload{"cannot parse " + name}
		}
		for _, p := range ps {
			if len(p.lp.CompiledGoFiles) != len(p.lp.GoFiles) {
				return nil, errNeedReload{"cgo package " + p.lp.PkgPath}
			}
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				if err != nil || path == "unsafe" {
					continue
				}
				if p.imports[path] == nil {
					return nil, errNeedReload{fmt.Sprintf("new import %q in %s", path, name)}
				}
			}
			i := slices.Index(p.lp.CompiledGoFiles, name)
			if i < 0 || i >= len(p.files) {
				return nil, errNeedReload{name + " has no syntax"}
			}
			if tf := w.fset.File(p.files[i].FileStart); tf != nil && !slices.Contains(old, tf) {
				old = append(old, tf)
			}
			p.files[i] = f
			markDirty(p, dirty)
		}
	}
	var order []*pkg
	for p := range dirty {
		order = append(order, p)
	}
	slices.SortFunc(order, func(a, b *pkg) int { return a.index - b.index })
	for _, p := range order {
		w.typeCheck(p)
		w.analyze(p, snap)
	}
	// Keep the file set from growing by one copy of the file per edit.
	for _, tf := range old {
		w.fset.RemoveFile(tf)
	}
	return order, nil
}

func markDirty(p *pkg, dirty map[*pkg]bool) {
	if dirty[p] || !p.root {
		// Only the generated test mains import root packages without
		// being roots; their syntax is gone and nothing reads them.
		return
	}
	dirty[p] = true
	for _, q := range p.importers {
		markDirty(q, dirty)
	}
}

// typeCheck type-checks p's current syntax against the types its imports
// have now (those that changed were checked before it).
func (w *workspace) typeCheck(p *pkg) {
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	var errs []types.Error
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if d := p.imports[path]; d != nil && d.types != nil {
				return d.types, nil
			}
			return nil, fmt.Errorf("package %q was not loaded", path)
		}),
		Sizes: p.lp.TypesSizes,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				errs = append(errs, te)
			}
		},
	}
	if m := p.lp.Module; m != nil && m.GoVersion != "" {
		conf.GoVersion = "go" + m.GoVersion
	}
	tp, _ := conf.Check(p.lp.PkgPath, w.fset, p.files, info)
	delete(w.byTypes, p.types)
	p.types, p.info, p.typeErrors = tp, info, errs
	w.byTypes[tp] = p
	p.illTyped = len(errs) > 0
	for _, d := range p.imports {
		if d != nil && d.illTyped {
			p.illTyped = true
		}
	}
	p.lp.Types, p.lp.TypesInfo, p.lp.Syntax, p.lp.TypeErrors, p.lp.IllTyped = tp, info, p.files, errs, p.illTyped
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// analyze runs the analyzers on p: all of them on a root package, those
// with facts on a dependency. An ill-typed package keeps its previous
// findings (the user is in the middle of typing; the findings come back
// when it compiles again) but loses its facts.
func (w *workspace) analyze(p *pkg, snap *snapshot) {
	analyzers := w.facty
	if p.root {
		analyzers = w.analyzers
	}
	p.facts = map[*analysis.Analyzer]*factSet{}
	p.err = nil
	if p.types == nil || p.info == nil {
		p.analyzed = false
		return
	}
	results := map[*analysis.Analyzer]any{}
	var diags []analysis.Diagnostic
	for _, a := range analyzers {
		if p.illTyped && !a.RunDespiteErrors {
			p.analyzed = false
			p.err = fmt.Errorf("%s: package has type errors", p.lp.PkgPath)
			return
		}
		fs := &factSet{obj: map[objKey]analysis.Fact{}, pkg: map[reflect.Type]analysis.Fact{}}
		p.facts[a] = fs
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         w.fset,
			Files:        p.files,
			OtherFiles:   p.lp.OtherFiles,
			IgnoredFiles: p.lp.IgnoredFiles,
			Pkg:          p.types,
			TypesInfo:    p.info,
			TypesSizes:   p.lp.TypesSizes,
			TypeErrors:   p.typeErrors,
			Module:       module(p.lp.Module),
			ResultOf:     results,
			ReadFile:     snap.readFile,
			Report: func(d analysis.Diagnostic) {
				if d.URL == "" {
					d.URL = a.URL
				}
				diags = append(diags, d)
			},
			ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
				return w.importObjectFact(p, a, obj, ptr)
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				if obj.Pkg() != p.types {
					panic(fmt.Sprintf("%s: fact about %s, which is not in package %s", a.Name, obj, p.types.Path()))
				}
				fs.obj[objKey{obj, reflect.TypeOf(fact)}] = fact
			},
			ImportPackageFact: func(tp *types.Package, ptr analysis.Fact) bool {
				return w.importPackageFact(p, a, tp, ptr)
			},
			ExportPackageFact: func(fact analysis.Fact) { fs.pkg[reflect.TypeOf(fact)] = fact },
			AllObjectFacts:    func() []analysis.ObjectFact { return w.allObjectFacts(p, a) },
			AllPackageFacts:   func() []analysis.PackageFact { return w.allPackageFacts(p, a) },
		}
		res, err := run(pass)
		if err != nil {
			p.analyzed = false
			p.err = fmt.Errorf("%s on %s: %v", a.Name, p.lp.PkgPath, err)
			return
		}
		results[a] = res
	}
	p.analyzed = true
	if p.root {
		p.findings = w.resolve(diags, snap)
		p.versions = map[string]*int{}
		for _, f := range p.lp.CompiledGoFiles {
			p.versions[f] = snap.version(f)
		}
	}
}

// run runs one analyzer; a panic becomes an error so that one bad package
// cannot take the editor's language server down.
func run(pass *analysis.Pass) (res any, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("panic: %v\n%s", x, debug.Stack())
		}
	}()
	return pass.Analyzer.Run(pass)
}

func module(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{}
	}
	return &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
}

func (w *workspace) factsOf(from *pkg, a *analysis.Analyzer, tp *types.Package) *factSet {
	if tp == nil {
		return nil
	}
	owner := w.byTypes[tp]
	if tp == from.types {
		owner = from
	}
	if owner == nil {
		return nil
	}
	return owner.facts[a]
}

func (w *workspace) importObjectFact(from *pkg, a *analysis.Analyzer, obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		return false
	}
	fs := w.factsOf(from, a, obj.Pkg())
	if fs == nil {
		return false
	}
	f, ok := fs.obj[objKey{obj, reflect.TypeOf(ptr)}]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

func (w *workspace) importPackageFact(from *pkg, a *analysis.Analyzer, tp *types.Package, ptr analysis.Fact) bool {
	fs := w.factsOf(from, a, tp)
	if fs == nil {
		return false
	}
	f, ok := fs.pkg[reflect.TypeOf(ptr)]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

// closure returns p and its transitive dependencies.
func closure(p *pkg) []*pkg {
	seen := map[*pkg]bool{}
	var out []*pkg
	var visit func(*pkg)
	visit = func(q *pkg) {
		if q == nil || seen[q] {
			return
		}
		seen[q] = true
		out = append(out, q)
		for _, d := range q.imports {
			visit(d)
		}
	}
	visit(p)
	return out
}

func (w *workspace) allObjectFacts(p *pkg, a *analysis.Analyzer) []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for _, q := range closure(p) {
		if fs := q.facts[a]; fs != nil {
			for k, f := range fs.obj {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
			}
		}
	}
	return out
}

func (w *workspace) allPackageFacts(p *pkg, a *analysis.Analyzer) []analysis.PackageFact {
	var out []analysis.PackageFact
	for _, q := range closure(p) {
		if fs := q.facts[a]; fs != nil {
			for _, f := range fs.pkg {
				out = append(out, analysis.PackageFact{Package: q.types, Fact: f})
			}
		}
	}
	return out
}
