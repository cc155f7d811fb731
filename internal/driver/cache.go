package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// CacheEnv names the environment variable that relocates the cache, as
// GOCACHE does the build cache's; "off" disables it.
const CacheEnv = "GINCTXLINT_CACHE"

// A Cache keeps, for each package analysed from source, the facts the
// analyzers exported and the findings they reported, on disk, under a key
// that hashes everything the analysis reads (see run.keys). Entries are
// never rewritten, only added; deleting the directory is always safe.
type Cache struct {
	dir string
}

// OpenCache opens the cache in dir, creating it.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	return &Cache{dir: dir}, nil
}

// DefaultCacheDir returns $GINCTXLINT_CACHE, or ginctxlint under the
// user's cache directory (next to go-build); "" when the variable says
// "off" or there is no such directory.
func DefaultCacheDir() string {
	switch d := os.Getenv(CacheEnv); d {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "ginctxlint")
	default:
		return d
	}
}

func (c *Cache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key+"-a")
}

func (c *Cache) get(key string) *entry {
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil
	}
	e := new(entry)
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(e); err != nil {
		return nil // damaged, or of another version: analyse again
	}
	return e
}

func (c *Cache) put(key string, e *entry) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), "tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(buf.Bytes())
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
	}
}

// An entry is what the cache keeps of one package.
type entry struct {
	Facts       []factRec
	FactsDigest string    // of Facts, for importers' keys
	Diags       []diagRec // of the analyzer named on the command line
}

type factRec struct {
	Analyzer string
	Object   objectpath.Path // "" for a package fact
	Fact     analysis.Fact
}

// A posRec is a position as file, line and column (not offset: a
// position in a declaration read from export data has a line only).
type posRec struct {
	File         string // "": no position
	Line, Column int
}

type diagRec struct {
	Pos, End posRec
	Category string
	Message  string
	URL      string
	Related  []relatedRec
	Fixes    []fixRec
}

type relatedRec struct {
	Pos, End posRec
	Message  string
}

type fixRec struct {
	Message string
	Edits   []editRec
}

type editRec struct {
	Pos, End posRec
	NewText  []byte
}

// exeHash identifies the running program: a rebuilt ginctxlint may
// compute other facts and findings.
var exeHash = sync.OnceValue(func() string {
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	return hex.EncodeToString(h.Sum(nil))
})

// prepare computes what every key shares: the program (its executable),
// the analyzers and their flag values, the build flags.
func (r *run) prepare() {
	for _, x := range r.all {
		for _, f := range x.FactTypes {
			gob.Register(f)
		}
	}
	salt := sha256.New()
	fmt.Fprintln(salt, "ginctxlint driver cache 2", exeHash(), r.prog.cfg.BuildFlags, r.prog.cfg.Tests, r.prog.cfg.DepsFromSource, os.Getenv("GOFLAGS"))
	for _, x := range r.all {
		fmt.Fprintln(salt, "analyzer", x.Name)
		x.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(salt, "-%s=%s\n", f.Name, f.Value) })
	}
	r.salt = hex.EncodeToString(salt.Sum(nil))
}

// key computes n's cache key, once its source imports are analysed, and
// looks it up. The key hashes the salt, the package's identity, Go
// version and sizes, the names and contents of its files, and for each
// import what n can see of it: its export data file (the build cache
// names it by its contents, so GOFLAGS, tags and the Go version are in
// it) and, for a source import, a digest of its facts. As in go vet, an
// edit that changes neither a package's API nor its facts leaves its
// importers' keys alone.
func (r *run) key(n *node) {
	p := n.p
	if len(p.Errors) > 0 || (p.Module != nil && p.Module.Error != nil) {
		return // not cached: the errors are printed from a fresh listing anyway
	}
	h := sha256.New()
	fmt.Fprintln(h, r.salt)
	fmt.Fprintf(h, "id %q path %q name %q\n", p.ID, p.PkgPath, p.Name)
	// The analyzer runs (and finds) on a root package only; on a
	// dependency, only what makes facts runs: a dependency's entry has
	// no findings, and a root must not take them from it.
	fmt.Fprintf(h, "root %v\n", n.root)
	if m := p.Module; m != nil {
		fmt.Fprintf(h, "module %q %q %q %v\n", m.Path, m.Version, m.GoVersion, m.Main)
	}
	fmt.Fprintf(h, "sizes %#v\n", p.TypesSizes)
	hashFiles := func(kind string, names []string) bool {
		for _, name := range names {
			src, err := r.prog.readFile(name)
			if err != nil {
				return false
			}
			fmt.Fprintf(h, "%s %q %x\n", kind, name, sha256.Sum256(src))
		}
		return true
	}
	if !hashFiles("go", p.CompiledGoFiles) || !hashFiles("other", p.OtherFiles) {
		return
	}
	for _, name := range p.IgnoredFiles {
		fmt.Fprintf(h, "ignored %q\n", name)
	}
	paths := make([]string, 0, len(p.Imports))
	for path := range p.Imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		d := r.prog.byPkg[p.Imports[path]]
		switch {
		case d.p.PkgPath == "unsafe":
			fmt.Fprintf(h, "import %q\n", path)
		case d.p.ExportFile == "", d.source && d.factsDigest == "":
			return
		default:
			fmt.Fprintf(h, "import %q %s %s\n", path, filepath.Base(d.p.ExportFile), d.factsDigest)
		}
	}
	n.key = hex.EncodeToString(h.Sum(nil))
	n.hit = r.cache.get(n.key)
	if n.hit != nil {
		n.factsDigest = n.hit.FactsDigest
	}
}

// factRecords returns the facts act's analyzers exported, as the cache
// writes them: by object path (facts about objects no path reaches are
// left out: no importer can name them), in a deterministic order.
func factRecords(facty []*analysis.Analyzer, act *action) []factRec {
	var recs []factRec
	for _, x := range facty {
		fs := act.facts[x]
		if fs == nil {
			continue
		}
		for k, f := range fs.obj {
			path, err := objectpath.For(k.obj)
			if err != nil {
				continue
			}
			recs = append(recs, factRec{Analyzer: x.Name, Object: path, Fact: f})
		}
		for _, f := range fs.pkg {
			recs = append(recs, factRec{Analyzer: x.Name, Fact: f})
		}
	}
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if a.Analyzer != b.Analyzer {
			return a.Analyzer < b.Analyzer
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return reflect.TypeOf(a.Fact).String() < reflect.TypeOf(b.Fact).String()
	})
	return recs
}

// store computes the digest of n's facts and writes them and n's findings
// to the cache, if every action on n succeeded and every position can be
// written down.
func (r *run) store(n *node) {
	e := &entry{}
	for _, x := range r.all {
		act := n.act.acts[x]
		if act == nil {
			continue
		}
		if act.Err != nil {
			return
		}
		if x != r.a && len(act.Diagnostics) > 0 {
			return // findings of prerequisites are not kept
		}
	}
	e.Facts = factRecords(r.facty, n.act)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e.Facts); err != nil {
		return
	}
	sum := sha256.Sum256(buf.Bytes())
	e.FactsDigest = hex.EncodeToString(sum[:])
	n.factsDigest = e.FactsDigest
	if n.key == "" {
		return // its importers still get a key, from the digest
	}
	fset := r.prog.Fset
	ok := true
	enc := func(pos token.Pos) posRec {
		if !pos.IsValid() {
			return posRec{}
		}
		raw := fset.PositionFor(pos, false)
		if fset.Position(pos) != raw {
			ok = false // //line directives: the positions are not the file's
			return posRec{}
		}
		return posRec{File: raw.Filename, Line: raw.Line, Column: raw.Column}
	}
	var diags []analysis.Diagnostic
	if act := n.act.acts[r.a]; act != nil {
		diags = act.Diagnostics
	}
	for _, d := range diags {
		dr := diagRec{Pos: enc(d.Pos), End: enc(d.End), Category: d.Category, Message: d.Message, URL: d.URL}
		for _, rel := range d.Related {
			dr.Related = append(dr.Related, relatedRec{Pos: enc(rel.Pos), End: enc(rel.End), Message: rel.Message})
		}
		for _, fix := range d.SuggestedFixes {
			fr := fixRec{Message: fix.Message}
			for _, ed := range fix.TextEdits {
				fr.Edits = append(fr.Edits, editRec{Pos: enc(ed.Pos), End: enc(ed.End), NewText: ed.NewText})
			}
			dr.Fixes = append(dr.Fixes, fr)
		}
		e.Diags = append(e.Diags, dr)
	}
	if ok {
		r.cache.put(n.key, e)
	}
}

// fromCache builds n's actions from its cache entry: no error, the cached
// findings; facts are decoded when an importer first asks.
func (r *run) fromCache(n *node) *action {
	res := &action{acts: r.newActions(n), facts: map[*analysis.Analyzer]*factSet{}, entry: n.hit}
	act := res.acts[r.a]
	if act == nil {
		return res // a dependency: facts only (see key)
	}
	for _, dr := range n.hit.Diags {
		d := analysis.Diagnostic{Pos: r.pos(dr.Pos), End: r.pos(dr.End), Category: dr.Category, Message: dr.Message, URL: dr.URL}
		for _, rel := range dr.Related {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.pos(rel.Pos), End: r.pos(rel.End), Message: rel.Message})
		}
		for _, fr := range dr.Fixes {
			fix := analysis.SuggestedFix{Message: fr.Message}
			for _, ed := range fr.Edits {
				fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: r.pos(ed.Pos), End: r.pos(ed.End), NewText: ed.NewText})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, fix)
		}
		act.Diagnostics = append(act.Diagnostics, d)
	}
	return res
}

// decodeFacts turns a cached package's fact records into facts about the
// objects of its types, read from export data. An object the export data
// does not hold is one no importer can name.
func (r *run) decodeFacts(n *node) {
	r.prog.ensureTypes(n, true)
	byName := map[string]*analysis.Analyzer{}
	for _, x := range r.facty {
		byName[x.Name] = x
		n.act.facts[x] = newFactSet()
	}
	tp := n.p.Types
	if tp == nil {
		return
	}
	for _, fr := range n.act.entry.Facts {
		x := byName[fr.Analyzer]
		if x == nil {
			continue
		}
		fs := n.act.facts[x]
		if fr.Object == "" {
			fs.pkg[reflect.TypeOf(fr.Fact)] = fr.Fact
			continue
		}
		obj, err := objectpath.Object(tp, fr.Object)
		if err != nil {
			continue
		}
		fs.obj[objKey{obj, reflect.TypeOf(fr.Fact)}] = fr.Fact
	}
}

// pos turns a cached position back into one of the program's file set,
// adding the file (with its lines, not its syntax) on first use.
func (r *run) pos(pr posRec) token.Pos {
	if pr.File == "" {
		return token.NoPos
	}
	r.filesMu.Lock()
	defer r.filesMu.Unlock()
	if r.files == nil {
		r.files = map[string]*token.File{}
	}
	tf, ok := r.files[pr.File]
	if !ok {
		if src, err := r.prog.readFile(pr.File); err == nil {
			tf = r.prog.Fset.AddFile(pr.File, -1, len(src))
			tf.SetLinesForContent(src)
		}
		r.files[pr.File] = tf
	}
	if tf == nil || pr.Line < 1 || pr.Line > tf.LineCount() {
		return token.NoPos
	}
	off := tf.Offset(tf.LineStart(pr.Line)) + pr.Column - 1
	if off > tf.Size() {
		return token.NoPos
	}
	return tf.Pos(off)
}
