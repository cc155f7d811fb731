package driver

import (
	"fmt"
	"go/token"
	"go/types"
	"net/url"
	"reflect"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// An action is the analysis of one source package: one checker.Action per
// analyzer of the plan, and the facts each exported.
type action struct {
	acts  map[*analysis.Analyzer]*checker.Action
	facts map[*analysis.Analyzer]*factSet
	// from the cache: facts decoded on first use, against the package's
	// types from export data
	entry      *entry
	decodeOnce sync.Once
}

type factSet struct {
	obj map[objKey]analysis.Fact
	pkg map[reflect.Type]analysis.Fact
}

type objKey struct {
	obj types.Object
	t   reflect.Type
}

func newFactSet() *factSet {
	return &factSet{obj: map[objKey]analysis.Fact{}, pkg: map[reflect.Type]analysis.Fact{}}
}

// Analyze runs a (and what it requires) on the roots of the program and,
// for facts, on every package they depend on that is analysed from
// source; with a cache, packages whose key is cached are not analysed
// again. The graph it returns has the shape of checker.Analyze's: its
// Roots are a on each root package, in order, and the actions of
// dependencies are reachable through Deps with their errors (the
// standard library, analysed by no one, is left out; the standard driver
// never reports anything there).
func (prog *Program) Analyze(a *analysis.Analyzer, cache *Cache) (*checker.Graph, error) {
	if _, err := prog.analyze(a, cache, false); err != nil {
		return nil, err
	}
	g := &checker.Graph{}
	for _, p := range prog.Roots {
		act := prog.byPkg[p].act.acts[a]
		act.IsRoot = true
		g.Roots = append(g.Roots, act)
	}
	return g, nil
}

// analyze is Analyze; with recoverPanics, an analyzer's panic is the
// error of its action (Open: one bad package must not take the language
// server down).
func (prog *Program) analyze(a *analysis.Analyzer, cache *Cache, recoverPanics bool) (*run, error) {
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		return nil, err
	}
	r := &run{prog: prog, a: a, cache: cache, byTypes: map[*types.Package]*node{}, recoverPanics: recoverPanics}
	r.all, r.facty = plan(a)
	prog.shareSyntax = true
	if cache != nil {
		r.prepare()
	}
	var wg sync.WaitGroup
	for _, p := range prog.Roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.do(prog.byPkg[p])
		}()
	}
	wg.Wait()
	return r, nil
}

// A run is one call of Analyze.
type run struct {
	prog       *Program
	a          *analysis.Analyzer
	all, facty []*analysis.Analyzer
	cache      *Cache
	salt       string
	typesMu    sync.Mutex
	byTypes    map[*types.Package]*node
	filesMu    sync.Mutex
	files      map[string]*token.File // of cached findings
	// recoverPanics: an analyzer's panic is its action's error
	recoverPanics bool
}

// plan returns a's prerequisites and a, each after what it requires, and
// those that use facts (with what they require): they run on
// dependencies too.
func plan(a *analysis.Analyzer) (all, facty []*analysis.Analyzer) {
	var visit func(*analysis.Analyzer)
	visit = func(x *analysis.Analyzer) {
		if slices.Contains(all, x) {
			return
		}
		for _, r := range x.Requires {
			visit(r)
		}
		all = append(all, x)
	}
	visit(a)
	need := map[*analysis.Analyzer]bool{}
	var mark func(*analysis.Analyzer)
	mark = func(x *analysis.Analyzer) {
		need[x] = true
		for _, r := range x.Requires {
			mark(r)
		}
	}
	for _, x := range all {
		if len(x.FactTypes) > 0 {
			mark(x)
		}
	}
	for _, x := range all {
		if need[x] {
			facty = append(facty, x)
		}
	}
	return all, facty
}

// do analyses n once, after its source dependencies.
func (r *run) do(n *node) {
	n.actOnce.Do(func() {
		var wg sync.WaitGroup
		for _, d := range n.imports {
			if d.source {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r.do(d)
				}()
			}
		}
		wg.Wait()
		if r.cache != nil {
			r.key(n)
		}
		if n.hit != nil {
			n.act = r.fromCache(n)
			return
		}
		r.prog.ensureTypes(n, false)
		r.register(n)
		n.act = r.analyze(n)
		if r.cache != nil {
			r.store(n)
		}
		// Importers need n's types and facts, never its syntax: let the
		// memory go (the printers read positions from the file set and
		// lines from the files). A Workspace keeps the roots' syntax,
		// which an edit re-checks.
		if !(r.prog.keepSyntax && n.root) {
			n.p.Syntax = nil
		}
		n.p.TypesInfo = nil
	})
}

// register makes n's types (and its dependencies', from export data)
// known to the fact lookup.
func (r *run) register(n *node) {
	r.typesMu.Lock()
	defer r.typesMu.Unlock()
	var visit func(*node)
	visit = func(m *node) {
		if m.p.Types == nil || r.byTypes[m.p.Types] == m {
			return
		}
		r.byTypes[m.p.Types] = m
		for _, d := range m.imports {
			visit(d)
		}
	}
	visit(n)
}

func (r *run) owner(tp *types.Package) *node {
	r.typesMu.Lock()
	defer r.typesMu.Unlock()
	return r.byTypes[tp]
}

// newAction returns the checker action of x on n, with the edges
// checker.Analyze would give it: x's prerequisites on n, and x on each
// source import if x uses facts.
func (r *run) newActions(n *node) map[*analysis.Analyzer]*checker.Action {
	acts := map[*analysis.Analyzer]*checker.Action{}
	for _, x := range r.all {
		if !n.root && !slices.Contains(r.facty, x) {
			continue
		}
		act := &checker.Action{Analyzer: x, Package: n.p}
		for _, req := range x.Requires {
			act.Deps = append(act.Deps, acts[req])
		}
		if len(x.FactTypes) > 0 {
			for _, d := range n.imports {
				if d.source {
					act.Deps = append(act.Deps, d.act.acts[x])
				}
			}
		}
		acts[x] = act
	}
	return acts
}

func (r *run) analyze(n *node) *action {
	p := n.p
	res := &action{acts: r.newActions(n), facts: map[*analysis.Analyzer]*factSet{}}
	inputs := map[*analysis.Analyzer]any{}
	for _, x := range r.all {
		act := res.acts[x]
		if act == nil {
			continue
		}
		t0 := time.Now()
		var failed []string
		for _, dep := range act.Deps {
			if dep.Err != nil {
				failed = append(failed, dep.String())
			}
		}
		if failed != nil {
			sort.Strings(failed)
			act.Err = fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
			continue
		}
		fs := newFactSet()
		res.facts[x] = fs
		pass := &analysis.Pass{
			Analyzer:     x,
			Fset:         r.prog.Fset,
			Files:        p.Syntax,
			OtherFiles:   p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles,
			Pkg:          p.Types,
			TypesInfo:    p.TypesInfo,
			TypesSizes:   p.TypesSizes,
			TypeErrors:   p.TypeErrors,
			Module:       module(p.Module),
			ResultOf:     inputs,
			Report:       func(d analysis.Diagnostic) { act.Diagnostics = append(act.Diagnostics, d) },
			ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
				return r.importObjectFact(n, x, obj, ptr)
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				if obj.Pkg() != p.Types {
					panic(fmt.Sprintf("internal error: in analysis %s of package %s: Fact.Set(%s, %T): can't set facts on objects belonging another package", x, p, obj, fact))
				}
				fs.obj[objKey{obj, reflect.TypeOf(fact)}] = fact
			},
			ImportPackageFact: func(tp *types.Package, ptr analysis.Fact) bool {
				return r.importPackageFact(n, x, tp, ptr)
			},
			ExportPackageFact: func(fact analysis.Fact) { fs.pkg[reflect.TypeOf(fact)] = fact },
			AllObjectFacts:    func() []analysis.ObjectFact { return r.allObjectFacts(n, x) },
			AllPackageFacts:   func() []analysis.PackageFact { return r.allPackageFacts(n, x) },
		}
		pass.ReadFile = checkedReadFile(pass, r.prog.readFile)
		act.Result, act.Err = func() (any, error) {
			if p.IllTyped && !x.RunDespiteErrors {
				return nil, fmt.Errorf("analysis skipped due to errors in package")
			}
			result, err := r.runPass(pass)
			if err != nil {
				return nil, err
			}
			if got, want := reflect.TypeOf(result), x.ResultType; got != want {
				return nil, fmt.Errorf("internal error: on package %s, analyzer %s returned a result of type %v, but declared ResultType %v", pass.Pkg.Path(), x, got, want)
			}
			for i := range act.Diagnostics {
				u, err := resolveURL(x, act.Diagnostics[i])
				if err != nil {
					return nil, err
				}
				act.Diagnostics[i].URL = u
			}
			return result, nil
		}()
		inputs[x] = act.Result
		act.Duration = time.Since(t0)
	}
	// Results are for the roots' callers only (and inspect's would keep
	// the syntax alive).
	for _, act := range res.acts {
		if !n.root || act.Analyzer != r.a {
			act.Result = nil
		}
	}
	return res
}

// runPass runs pass's analyzer; with recoverPanics, a panic is its error.
func (r *run) runPass(pass *analysis.Pass) (res any, err error) {
	if r.recoverPanics {
		defer func() {
			if x := recover(); x != nil {
				err = fmt.Errorf("panic: %v\n%s", x, debug.Stack())
			}
		}()
	}
	return pass.Analyzer.Run(pass)
}

func module(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{} // possibly empty (non nil) in go/analysis drivers
	}
	return moduleOf(m)
}

func moduleOf(m *packages.Module) *analysis.Module {
	if m == nil {
		return nil
	}
	var modErr *analysis.ModuleError
	if m.Error != nil {
		modErr = &analysis.ModuleError{Err: m.Error.Err}
	}
	return &analysis.Module{
		Path: m.Path, Version: m.Version, Replace: moduleOf(m.Replace), Time: m.Time, Main: m.Main,
		Indirect: m.Indirect, Dir: m.Dir, GoMod: m.GoMod, GoVersion: m.GoVersion, Error: modErr,
	}
}

// resolveURL is checker's: a diagnostic's URL, relative to the analyzer's.
func resolveURL(a *analysis.Analyzer, d analysis.Diagnostic) (string, error) {
	if d.URL == "" && d.Category == "" && a.URL == "" {
		return "", nil
	}
	raw := d.URL
	if d.URL == "" && d.Category != "" {
		raw = "#" + d.Category
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid Diagnostic.URL %q: %s", raw, err)
	}
	base, err := url.Parse(a.URL)
	if err != nil {
		return "", fmt.Errorf("invalid Analyzer.URL %q: %s", a.URL, err)
	}
	return base.ResolveReference(u).String(), nil
}

// checkedReadFile is the drivers' Pass.ReadFile policy: only the
// package's own files.
func checkedReadFile(pass *analysis.Pass, read func(string) ([]byte, error)) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		ok := slices.Contains(pass.OtherFiles, name) || slices.Contains(pass.IgnoredFiles, name)
		for _, f := range pass.Files {
			if pass.Fset.File(f.FileStart).Name() == name {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("Pass.ReadFile: %s is not among OtherFiles, IgnoredFiles, or names of Files", name)
		}
		return read(name)
	}
}

// factsOf returns the facts x exported on the package that owns tp.
func (r *run) factsOf(x *analysis.Analyzer, owner *node) *factSet {
	if owner == nil || owner.act == nil {
		return nil // the standard library: no facts
	}
	if owner.act.entry != nil {
		owner.act.decodeOnce.Do(func() { r.decodeFacts(owner) })
	}
	return owner.act.facts[x]
}

// importObjectFact finds obj's fact where checker.Analyze would make it
// visible: facts flow along import edges, and an edge keeps a fact about a
// package-level function or variable only from the package that declares
// it (exported functions), while facts about methods, fields, types and
// constants flow on (checker's exportedFrom). So a package-level
// function's fact is seen only by packages importing its package
// directly.
func (r *run) importObjectFact(from *node, x *analysis.Analyzer, obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	owner := r.owner(obj.Pkg())
	if owner == nil {
		return false
	}
	if owner != from && !visibleFrom(obj, from, owner) {
		return false
	}
	fs := r.factsOf(x, owner)
	if fs == nil {
		return false
	}
	f, ok := fs.obj[objKey{obj, reflect.TypeOf(ptr)}]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

func visibleFrom(obj types.Object, from, owner *node) bool {
	direct := func() bool {
		for _, d := range from.imports {
			if d == owner {
				return true
			}
		}
		return false
	}
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return true
		}
		return obj.Exported() && direct()
	case *types.Var:
		return obj.IsField() || direct()
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

func (r *run) importPackageFact(from *node, x *analysis.Analyzer, tp *types.Package, ptr analysis.Fact) bool {
	if tp == nil {
		panic("nil package")
	}
	owner := r.owner(tp)
	if tp == from.p.Types {
		owner = from
	}
	fs := r.factsOf(x, owner)
	if fs == nil {
		return false
	}
	f, ok := fs.pkg[reflect.TypeOf(ptr)]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

// closure returns n and the source packages it depends on.
func closure(n *node) []*node {
	seen := map[*node]bool{}
	var out []*node
	var visit func(*node)
	visit = func(m *node) {
		if seen[m] || !m.source {
			return
		}
		seen[m] = true
		out = append(out, m)
		for _, d := range m.imports {
			visit(d)
		}
	}
	visit(n)
	return out
}

func (r *run) allObjectFacts(n *node, x *analysis.Analyzer) []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for _, m := range closure(n) {
		if fs := r.factsOf(x, m); fs != nil {
			for k, f := range fs.obj {
				if m == n || visibleFrom(k.obj, n, m) {
					out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
		}
	}
	return out
}

func (r *run) allPackageFacts(n *node, x *analysis.Analyzer) []analysis.PackageFact {
	var out []analysis.PackageFact
	for _, m := range closure(n) {
		if fs := r.factsOf(x, m); fs != nil {
			for _, f := range fs.pkg {
				out = append(out, analysis.PackageFact{Package: m.p.Types, Fact: f})
			}
		}
	}
	return out
}
