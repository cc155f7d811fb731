// Package driver is ginctxlint's own analysis driver for `ginctxlint
// ./...` (text, -json), -sarif and the language server (Workspace: the
// same analysis, on unsaved contents, kept up to date with edits).
//
// The standard drivers (singlechecker, checker.Analyze) type-check every
// dependency from source as soon as an analyzer declares a fact type, and
// run the analyzer on each: for a Gin service, the ~200 packages of the
// standard library and gin's dependencies, most of the time and memory of
// a run. This driver lists the packages once (`go list -deps -export`,
// through go/packages without types) and then
//
//   - takes the standard library and the versioned module dependencies
//     from export data, as go vet and gopls do: the rule framework returns
//     before computing anything on a package that is not the user's code
//     (stdlib.UserCode; issue 12), so their facts are empty and nothing is
//     lost — except for the packages named on the command line, which are
//     type-checked from source and analysed like any other (and
//     Config.DepsFromSource, which type-checks dependencies from source
//     as the standard driver does); as in go vet and go/packages, only
//     the export data of packages that a source package imports directly
//     is read, which holds what their APIs mention of their own
//     dependencies;
//   - type-checks the user's modules from source, in dependency order and
//     in parallel, runs the analyzer on each with facts in memory, and
//     drops its syntax as soon as it has been analysed;
//   - with a cache (see Cache), keeps each package's facts and findings on
//     disk, keyed by its contents and by what it sees of its imports (their
//     export data and a digest of their facts): an unchanged package is
//     not analysed again, and an edit that changes neither the API nor the
//     facts of a package leaves its importers answered by the cache, as in
//     go vet. A cached package that an analysed one imports is read from
//     export data (dependencies) or type-checked without function bodies
//     (the user's code: findings point at its declarations, and export
//     data keeps only their lines).
//
// The results come back as a checker.Graph shaped like the one
// checker.Analyze returns, so that printing (text, -json), errors and
// exit codes are the standard driver's.
package driver

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"weak"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// Config says what to load.
type Config struct {
	Dir        string            // the go command's working directory ("" for the current one)
	Tests      bool              // also load test variants, as -test does
	BuildFlags []string          // e.g. -tags=integration (GOFLAGS is honoured by the go command)
	Env        []string          // the go command's environment (nil: os.Environ())
	Overlay    map[string][]byte // unsaved file contents (the language server)
	Fset       *token.FileSet    // nil: a new one
	// DepsFromSource type-checks the versioned dependencies from source
	// and runs the analyzer on them, as the standard driver does, instead
	// of reading them from export data like the standard library. The
	// rules compute nothing for dependencies (issue 12: no findings, no
	// facts), so the results are the same and only the cost differs; it
	// is kept to compare with singlechecker and for analyzers that do
	// learn from dependencies.
	DepsFromSource bool
}

// A Program is the packages matching the patterns and all their
// dependencies, listed but not yet type-checked.
type Program struct {
	Fset  *token.FileSet
	Roots []*packages.Package // the packages matching the patterns, in go list order

	cfg   *Config
	nodes []*node // dependencies before importers
	byPkg map[*packages.Package]*node

	exportMu sync.Mutex // gcexportdata.Read may add to any package of the view
	cpu      chan struct{}

	// shareSyntax: a file is parsed once for the packages that compile
	// it (a package and its test variant) while one of them holds its
	// syntax (Analyze sets it).
	shareSyntax bool
	// keepSyntax: the roots keep their syntax after their analysis (a
	// Workspace's, for Update).
	keepSyntax bool
	parseMu    sync.Mutex
	parses     map[string]*parsed
}

// A parsed file, shared by the packages that compile it.
type parsed struct {
	ready   chan struct{}
	file    weak.Pointer[ast.File] // the syntax, while a package holds it
	hasFile bool                   // the parser returned a file
	readErr error
	err     error
}

// A node is one package of the program and what the driver knows of it.
type node struct {
	p       *packages.Package
	imports []*node // sorted by import path
	root    bool
	// source: type-checked from source and analysed; otherwise the
	// package comes from export data (the standard library below the
	// roots) and has no facts.
	source bool

	typesOnce sync.Once
	typesErr  error // from export data
	// belowOnce: the source packages n depends on have their types, and
	// n's export data file is checked (ensureBelow).
	belowOnce sync.Once

	// listErrors: the errors of the listing (p.Errors before parsing and
	// type-checking add theirs), for Workspace.Update.
	listErrors []packages.Error

	// set by the analysis (analyze.go)
	key         string // cache key, "" without a cache
	hit         *entry // cached facts and findings
	factsDigest string // of the facts n exported, "" if unknown
	actOnce     sync.Once
	act         *action
}

// loadMode lists the packages and their export data; no parsing, no
// type-checking (this driver does that itself).
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile | packages.NeedModule |
	packages.NeedTypesSizes

// Load lists the packages matching patterns and all their dependencies.
// It returns only errors of the listing itself; errors of packages are in
// their Errors, as with packages.Load.
func Load(cfg *Config, patterns ...string) (*Program, error) {
	fset := cfg.Fset
	if fset == nil {
		fset = token.NewFileSet()
	}
	roots, err := packages.Load(&packages.Config{
		Mode:       loadMode,
		Dir:        cfg.Dir,
		Env:        cfg.Env,
		BuildFlags: cfg.BuildFlags,
		Tests:      cfg.Tests,
		Overlay:    cfg.Overlay,
		Fset:       fset,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	prog := &Program{
		Fset:  fset,
		Roots: roots,
		cfg:   cfg,
		byPkg: map[*packages.Package]*node{},
		cpu:   make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	isRoot := map[*packages.Package]bool{}
	for _, p := range roots {
		isRoot[p] = true
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		n := &node{p: p, root: isRoot[p]}
		if cfg.DepsFromSource {
			n.source = n.root || !isStd(p)
		} else {
			n.source = n.root || isUserCode(p)
		}
		if n.source {
			p.Errors = slices.DeleteFunc(p.Errors, isBuildOutput)
			n.listErrors = slices.Clone(p.Errors)
		}
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			n.imports = append(n.imports, prog.byPkg[p.Imports[path]]) // postorder: visited
		}
		p.Fset = fset
		if !n.source {
			// A placeholder that export data fills (see readExport).
			p.Types = newPlaceholder(p)
		}
		prog.nodes = append(prog.nodes, n)
		prog.byPkg[p] = n
	})
	return prog, nil
}

// isBuildOutput reports whether err is the compiler's output for a
// package that does not compile, which go list -export reports ("# path"
// and the errors): the type checker reports the same errors for a source
// package, as the standard driver (which lists without -export) does.
func isBuildOutput(err packages.Error) bool {
	return err.Kind == packages.ListError && strings.HasPrefix(err.Msg, "# ")
}

// isStd reports whether p is a standard library package: no module, a
// first path element without a dot, and (when GOROOT is known) files
// under GOROOT/src.
func isStd(p *packages.Package) bool {
	if p.Module != nil || p.PkgPath == "command-line-arguments" {
		return false
	}
	files := p.GoFiles
	if len(files) == 0 {
		files = p.CompiledGoFiles
	}
	file := "-"
	if len(files) > 0 {
		file = files[0]
	}
	return stdlib.IsPath(p.PkgPath, "", file)
}

// ensureTypes loads n's types once: from source if n.source, unless
// exportOK and the cache answers for n (then nothing needs its syntax),
// else from export data.
//
// A package checked from source needs its imports' types first (loaded in
// parallel). A package read from export data needs only the types of the
// source packages below it, so that reading never creates a second
// types.Package for one of them: as in go/packages and go vet, the
// export data of a package holds every object of its dependencies that
// its API mentions, and a dependency that no source package imports
// directly is never read — it stays a placeholder (newPlaceholder) that
// the export data of its importers fills with what they mention. Reading
// the whole closure, as this driver did, was the largest part of the
// cost of a cold run over the no-facts floor on real applications (two
// thirds of what the driver allocated on a 24-package application).
func (prog *Program) ensureTypes(n *node, exportOK bool) {
	n.typesOnce.Do(func() {
		bodies := n.source && !(exportOK && n.hit != nil)
		if !bodies && !(n.source && isUserCode(n.p)) {
			prog.ensureBelow(n)
			prog.readExport(n)
			return
		}
		var wg sync.WaitGroup
		for _, d := range n.imports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A dependency answered by the cache is read from export
				// data even when n is type-checked from source.
				prog.ensureTypes(d, d.hit != nil)
			}()
		}
		wg.Wait()
		// Without bodies: answered by the cache, needed only for its
		// types. The export data would do, but it keeps only the line of
		// each declaration, and findings point at the user's
		// declarations (as Related information): check it from source,
		// without function bodies.
		prog.checkSource(n, bodies)
	})
}

// ensureBelow makes the packages below n ready for reading n's export
// data, once: the source packages it depends on have their types (as
// ensureTypes gives them to a source importer), and each package from
// export data below it, read or not, has its export data file checked
// and inherits its imports' errors, as reading it would.
func (prog *Program) ensureBelow(n *node) {
	n.belowOnce.Do(func() {
		var wg sync.WaitGroup
		for _, d := range n.imports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if d.source {
					prog.ensureTypes(d, d.hit != nil)
				} else {
					prog.ensureBelow(d)
				}
			}()
		}
		wg.Wait()
		p := n.p
		if n.source || p.PkgPath == "unsafe" {
			return
		}
		if p.ExportFile == "" {
			n.fail(fmt.Errorf("no export data file"))
		}
		for _, d := range n.imports {
			if d.p.IllTyped {
				p.IllTyped = true
			}
		}
	})
}

// newPlaceholder returns the types.Package of p before its export data is
// read: empty, to be filled by the export data of p or of its importers.
func newPlaceholder(p *packages.Package) *types.Package {
	if p.PkgPath == "unsafe" {
		return types.Unsafe
	}
	return types.NewPackage(p.PkgPath, p.Name)
}

// fail records that n's types could not be loaded.
func (n *node) fail(err error) {
	n.typesErr = err
	n.p.IllTyped = true
	n.p.Errors = append(n.p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
}

func (prog *Program) readExport(n *node) {
	p := n.p
	if p.PkgPath == "unsafe" {
		p.Types = types.Unsafe
		return
	}
	if n.typesErr != nil {
		return // ensureBelow found no export data
	}
	prog.exportMu.Lock()
	defer prog.exportMu.Unlock()
	fail := n.fail
	if p.Types == nil {
		p.Types = newPlaceholder(p) // a source package answered by the cache
	}
	if p.ExportFile == "" {
		fail(fmt.Errorf("no export data file"))
		return
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		fail(err)
		return
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		fail(fmt.Errorf("reading %s: %v", p.ExportFile, err))
		return
	}
	// The view gcexportdata resolves package paths in: n and its
	// transitive imports — source packages with their types
	// (ensureBelow), the others read or placeholders — so that reading
	// never creates a second types.Package for one of them: it fills
	// n's placeholder and adds to the placeholders of its dependencies
	// what n's API mentions of them.
	view := map[string]*types.Package{p.PkgPath: p.Types}
	seen := map[*node]bool{}
	var visit func(*node)
	visit = func(m *node) {
		for _, d := range m.imports {
			if !seen[d] {
				seen[d] = true
				if d.p.Types != nil {
					view[d.p.PkgPath] = d.p.Types
				}
				visit(d)
			}
		}
	}
	visit(n)
	tp, err := gcexportdata.Read(r, prog.Fset, view, p.PkgPath)
	if err != nil {
		fail(fmt.Errorf("reading %s: %v", p.ExportFile, err))
		return
	}
	if tp != p.Types {
		// Read fills the placeholder in the view and returns it: p.Types
		// is not written, so that the analysis of other packages may read
		// it meanwhile (run.register).
		p.Types = tp
	}
	for _, d := range n.imports {
		if d.p.IllTyped {
			p.IllTyped = true
		}
	}
}

// parseMode is go/packages' without object resolution: the driver runs
// only the suite's analyzers (and passes/inspect), and none reads
// ast.Object — the resolver was 3 % of a cold run's CPU on the
// 501-package service.
const parseMode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution

// isUserCode reports whether p belongs to the user's module(s) (or to no
// module: GOPATH mode, files named on the command line), not to a
// versioned dependency or the standard library.
func isUserCode(p *packages.Package) bool {
	if p.Module != nil {
		return p.Module.Main
	}
	return !isStd(p)
}

// checkSource parses and type-checks n. Without bodies, it only declares
// n's objects (no function bodies, no types.Info) and drops the syntax.
func (prog *Program) checkSource(n *node, bodies bool) {
	p := n.p
	if p.PkgPath == "unsafe" {
		p.Types, p.Syntax, p.TypesInfo = types.Unsafe, []*ast.File{}, newInfo()
		return
	}
	prog.cpu <- struct{}{}
	defer func() { <-prog.cpu }()

	appendError := func(err error) {
		switch err := err.(type) {
		case *os.PathError:
			p.Errors = append(p.Errors, packages.Error{Pos: err.Path + ":1", Msg: err.Err.Error(), Kind: packages.ParseError})
		case scanner.ErrorList:
			for _, e := range err {
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		case types.Error:
			p.TypeErrors = append(p.TypeErrors, err)
			p.Errors = append(p.Errors, packages.Error{Pos: err.Fset.Position(err.Pos).String(), Msg: err.Msg, Kind: packages.TypeError})
		default:
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
	if len(p.CompiledGoFiles) == 0 && p.ExportFile != "" {
		appendError(packages.Error{Pos: "-", Msg: fmt.Sprintf("sources missing for package %s", p.ID), Kind: packages.ParseError})
		prog.readExport(n)
		return
	}
	files := make([]*ast.File, 0, len(p.CompiledGoFiles))
	for _, name := range p.CompiledGoFiles {
		f, readErr, err := prog.parse(name, bodies)
		if readErr != nil {
			appendError(readErr)
			continue
		}
		if f != nil {
			files = append(files, f)
		}
		if err != nil {
			appendError(err)
		}
	}
	var info *types.Info
	if bodies {
		p.Syntax, p.TypesInfo = files, newInfo()
		info = p.TypesInfo
	}
	tp := types.NewPackage(p.PkgPath, p.Name)
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := p.Imports[path]
			if imp == nil {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			if d := prog.byPkg[imp]; d != nil && d.typesErr != nil {
				return nil, d.typesErr
			}
			if imp.Types == nil || !imp.Types.Complete() {
				return nil, fmt.Errorf("internal error: no types for %s", path)
			}
			return imp.Types, nil
		}),
		Error:            appendError,
		Sizes:            p.TypesSizes,
		IgnoreFuncBodies: !bodies,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	typErr := types.NewChecker(tc, prog.Fset, tp, info).Files(files)
	if tc.FakeImportC {
	outer:
		for _, f := range files {
			for _, imp := range f.Imports {
				if imp.Path.Value == `"C"` {
					appendError(types.Error{Fset: prog.Fset, Pos: imp.Pos(), Msg: `import "C" ignored`})
					break outer
				}
			}
		}
	}
	if typErr != nil && len(p.Errors) == 0 {
		appendError(typErr)
	}
	p.Types = tp
	p.IllTyped = len(p.Errors) > 0
	for _, d := range p.Imports {
		if d.IllTyped {
			p.IllTyped = true
		}
	}
}

// parse reads and parses a file for a package checked from source (in
// parseMode, with or without bodies: bodies decides sharing). With shareSyntax, a file that another
// package (the test variant of the same package, or the package itself)
// has parsed, and whose syntax that package still holds, is not parsed
// again, as go/packages shares them: on an application with tests, half
// of the files are compiled by two packages. The syntax is shared only
// while someone holds it (a weak pointer), so that sharing never keeps
// syntax alive after the packages using it have been analysed.
func (prog *Program) parse(name string, bodies bool) (f *ast.File, readErr, err error) {
	if !bodies || !prog.shareSyntax {
		return prog.parseFile(name)
	}
	prog.parseMu.Lock()
	if v := prog.parses[name]; v != nil {
		prog.parseMu.Unlock()
		<-v.ready
		if f := v.file.Value(); f != nil || !v.hasFile {
			return f, v.readErr, v.err
		}
		prog.parseMu.Lock() // collected: parse it again
	}
	v := &parsed{ready: make(chan struct{})}
	if prog.parses == nil {
		prog.parses = map[string]*parsed{}
	}
	prog.parses[name] = v
	prog.parseMu.Unlock()
	f, v.readErr, v.err = prog.parseFile(name)
	v.file, v.hasFile = weak.Make(f), f != nil
	close(v.ready)
	return f, v.readErr, v.err
}

func (prog *Program) parseFile(name string) (f *ast.File, readErr, err error) {
	src, readErr := prog.readFile(name)
	if readErr != nil {
		return nil, readErr, nil
	}
	f, err = parser.ParseFile(prog.Fset, name, src, parseMode)
	return f, nil, err
}

// readFile reads a file through the overlay.
func (prog *Program) readFile(name string) ([]byte, error) {
	if src, ok := prog.cfg.Overlay[name]; ok {
		return src, nil
	}
	return os.ReadFile(name)
}

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
