// Command bench is make bench: it times ginctxlint beside its floors and
// beside go vet and staticcheck, on generated Gin services and on std, and
// prints a Markdown table.
//
//	go run ./internal/benchgen/cmd/bench -sizes 10,100,500 -runs 5 -std
//
// Every run gets a fresh copy (hard links) of one warm build cache: the
// compiled export data of the dependencies is there, as in a CI with a
// cache, but no vet or staticcheck results are, so go vet cannot answer
// from its cache. Wall time, user+system CPU (of the tool and every
// process it waited for) and peak RSS (of the largest of them) come from
// wait4; the median of the runs is reported.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ginctxlint/ginctxlint/internal/benchgen"
)

func main() {
	sizes := flag.String("sizes", "10,100,500", "comma-separated package counts of the generated services")
	runs := flag.Int("runs", 5, "runs per tool and tree (the median is reported)")
	std := flag.Bool("std", true, "also measure on the standard library (std)")
	work := flag.String("work", "", "work directory (default: a new temporary directory, removed at the end)")
	only := flag.String("tools", "", "comma-separated tools to run (default: all)")
	prepare := flag.Bool("prepare", false, "only generate the trees and warm the build cache (to keep a later measurement short)")
	gcl := flag.String("golangci-lint", "", "a golangci-lint built with the ginctxlint module plugin (make golangci-lint): also time a default run without and with ginctxlint")
	prebuilt := flag.String("ginctxlint", "", "use this ginctxlint binary instead of building ./cmd/ginctxlint")
	baseline := flag.String("baseline", "", "also time this ginctxlint binary, cold, as the tool \"ginctxlint baseline\" (a build before a change, side by side with it)")
	apps := flag.String("apps", "", "comma-separated name=dir of existing modules (real applications) to measure too, pattern ./...; their module cache must hold their dependencies (runs use GOPROXY=off)")
	gocache := flag.String("gocache", "", "use this build cache in every run, warmed in place and not copied (e.g. $(go env GOCACHE), which already holds the applications' export data): quick side-by-side runs of noop and ginctxlint; tools that answer from the build cache (go vet) are then warm")
	flags := flag.String("flags", "", "extra GOFLAGS for the runs instead of -mod=mod (e.g. -mod=vendor for a vendored application)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")

	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "ginctxlint-bench-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	dir, _ = filepath.Abs(dir)
	b := &bench{dir: dir, runs: *runs, prebuilt: *prebuilt, baseline: *baseline, gcl: *gcl, goflags: "-mod=mod"}
	if *gocache != "" {
		b.cache, _ = filepath.Abs(*gocache)
		b.shared = true
	}
	if *flags != "" {
		b.goflags = *flags
	}
	if *only != "" {
		b.only = strings.Split(*only, ",")
	}
	b.buildTools()

	var trees []tree
	for _, s := range strings.Split(*sizes, ",") {
		if strings.TrimSpace(s) == "" {
			continue // -sizes= : std only
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("bad size %q", s)
		}
		trees = append(trees, b.generate(n))
	}
	for _, a := range strings.Split(*apps, ",") {
		name, d, ok := strings.Cut(strings.TrimSpace(a), "=")
		if !ok {
			if a != "" {
				log.Fatalf("bad -apps entry %q: want name=dir", a)
			}
			continue
		}
		d, _ = filepath.Abs(d)
		trees = append(trees, tree{name: name, dir: d, pattern: "./...", pkgs: countPkgs(d, "./...", "GOFLAGS="+b.goflags), app: true})
	}
	if *std {
		trees = append(trees, tree{name: "std", dir: dir, pattern: "std", pkgs: countPkgs(dir, "std")})
	}
	b.warm(trees)
	if *prepare {
		return
	}

	fmt.Printf("# make bench — %s\n\n", time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("machine: %s, %d CPUs, %s/%s, %s; load before: %s\n\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, goVersion(), loadavg())
	fmt.Printf("median of %d runs; cpu = user+sys of the tool and its children; RSS = peak of the largest process\n\n", b.runs)
	if b.shared {
		fmt.Printf("build cache: %s, shared by every run (-gocache): go vet and the edit and warm rows answer from it\n\n", b.cache)
	}
	for _, t := range trees {
		b.measure(t)
	}
	fmt.Printf("load after: %s\n", loadavg())
}

type bench struct {
	dir   string
	bin   string
	cache string // the warm GOCACHE every run copies
	runs  int
	only  []string
	tools []tool

	prebuilt string
	baseline string
	gcl      string
	// shared: every run uses cache itself (-gocache), not a copy.
	shared  bool
	goflags string
}

type tool struct {
	name string
	// modules says the tool runs only on the generated modules, not std.
	modules bool
	// args returns the command line for a package pattern.
	args func(pattern string) []string
	// note is printed under the table.
	note string
	// prepare, if set, runs before the timed run, untimed, with the
	// same environment; it returns what undoes it.
	prepare func(t tree, cmd []string, env []string) (undo func())
}

// editedFile is the file the edit scenarios change: a feature package in
// the middle of the import tree (imported by about half the packages).
const editedFile = "internal/feat001/handlers.go"

// warmUp runs the tool once (filling its cache) and, if edit, then adds a
// function to editedFile; undo restores the file.
func warmUp(edit bool) func(t tree, cmd []string, env []string) func() {
	return func(t tree, args []string, env []string) func() {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = t.dir
		cmd.Env = env
		cmd.Run() // findings: a non-zero exit is expected
		if !edit {
			return func() {}
		}
		name := filepath.Join(t.dir, editedFile)
		old, err := os.ReadFile(name)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(name, append(slices.Clone(old), "\nfunc benchEdited() int { return 42 }\n"...), 0o644); err != nil {
			log.Fatal(err)
		}
		return func() { os.WriteFile(name, old, 0o644) }
	}
}

type tree struct {
	name    string
	dir     string
	pattern string
	pkgs    int
	// app is an existing module: it may not build whole (cgo, generated
	// files), so warming tolerates errors, and the edit scenarios are
	// not run (they edit a file of the generated services).
	app bool
}

func (b *bench) buildTools() {
	b.bin = filepath.Join(b.dir, "bin")
	root := moduleRoot()
	pkgs := []string{"./internal/benchgen/cmd/noop", "./internal/benchgen/cmd/noopfact", "./internal/benchgen/cmd/standard"}
	if b.prebuilt == "" {
		pkgs = append(pkgs, "./cmd/ginctxlint")
	}
	for _, pkg := range pkgs {
		run(root, nil, "go", "build", "-o", b.bin+string(filepath.Separator), pkg)
	}
	exe := func(name string) string {
		if name == "ginctxlint" && b.prebuilt != "" {
			p, _ := filepath.Abs(b.prebuilt)
			return p
		}
		return filepath.Join(b.bin, name)
	}
	b.tools = []tool{
		{name: "noop", args: func(p string) []string { return []string{exe("noop"), p} },
			note: "singlechecker, analyzer that does nothing: loading and type-checking the named packages, dependencies from export data"},
		{name: "noop+fact", args: func(p string) []string { return []string{exe("noopfact"), p} },
			note: "singlechecker, analyzer with one trivial fact: every dependency is type-checked from source and analysed"},
		{name: "ginctxlint (singlechecker)", args: func(p string) []string { return []string{exe("standard"), p} },
			note: "all rules on the standard driver (singlechecker), as the command was before internal/driver"},
		{name: "ginctxlint", args: func(p string) []string { return []string{exe("ginctxlint"), p} },
			note: "all rules, standalone, our driver (internal/driver: the user's module from source, every other package from export data), no cache (GINCTXLINT_CACHE=off)"},
		{name: "ginctxlint -dep-facts=true", args: func(p string) []string { return []string{exe("ginctxlint"), "-dep-facts=true", p} },
			note: "our driver, module dependencies type-checked from source and analysed for facts (the default before 2026-12-02), no cache"},
		{name: "ginctxlint warm", modules: true, args: func(p string) []string { return []string{exe("ginctxlint"), p} },
			prepare: warmUp(false), note: "our driver, its cache filled by a run on the same tree (unchanged tree)"},
		{name: "ginctxlint edit", modules: true, args: func(p string) []string { return []string{exe("ginctxlint"), p} },
			prepare: warmUp(true), note: "our driver, cache filled by a run, then one file edited (a function added to " + editedFile + ")"},
		{name: "go vet", args: func(p string) []string { return []string{"go", "vet", p} },
			note: "default vet analyzers"},
		{name: "go vet -vettool", args: func(p string) []string { return []string{"go", "vet", "-vettool=" + exe("ginctxlint"), p} },
			note: "ginctxlint under go vet: one process per package, facts of dependencies through .vetx files"},
		{name: "go vet -vettool warm", modules: true, args: func(p string) []string { return []string{"go", "vet", "-vettool=" + exe("ginctxlint"), p} },
			prepare: warmUp(false), note: "the same, its build cache filled by a run on the same tree"},
		{name: "go vet -vettool edit", modules: true, args: func(p string) []string { return []string{"go", "vet", "-vettool=" + exe("ginctxlint"), p} },
			prepare: warmUp(true), note: "the same, cache filled by a run, then the same file edited"},
	}
	if b.baseline != "" {
		base, _ := filepath.Abs(b.baseline)
		b.tools = append(b.tools, tool{name: "ginctxlint baseline", args: func(p string) []string { return []string{base, p} },
			note: "the -baseline binary (" + base + "), no cache"})
	}
	if sc := b.staticcheck(); sc != "" {
		b.tools = append(b.tools, tool{name: "staticcheck", args: func(p string) []string { return []string{sc, p} },
			note: "staticcheck with its default checks, a fresh STATICCHECK_CACHE per run"})
	}
	if b.gcl != "" {
		// A copy: make golangci-lint may rebuild the original meanwhile.
		gcl := filepath.Join(b.bin, "golangci-lint")
		run(root, nil, "cp", b.gcl, gcl)
		for _, c := range []struct{ name, config, note string }{
			{"golangci-lint", gclStandard, "golangci-lint v2, default: standard linters, a fresh GOLANGCI_LINT_CACHE per run"},
			{"golangci-lint+ginctxlint", gclStandard + gclPlugin, "the same with ginctxlint enabled as a module plugin"},
		} {
			cfg := filepath.Join(b.dir, c.name+".yml")
			if err := os.WriteFile(cfg, []byte(c.config), 0o644); err != nil {
				log.Fatal(err)
			}
			b.tools = append(b.tools, tool{name: c.name, modules: true, note: c.note,
				args: func(p string) []string { return []string{gcl, "run", "--config", cfg, p} }})
		}
	}
	if b.only != nil {
		b.tools = slices.DeleteFunc(b.tools, func(t tool) bool { return !slices.Contains(b.only, t.name) })
	}
}

// staticcheck returns the path of a staticcheck binary, installing it from
// the module proxy if needed; "" if that fails (the table says so).
func (b *bench) staticcheck() string {
	if p, err := exec.LookPath("staticcheck"); err == nil {
		return p
	}
	gobin := filepath.Join(goEnv("GOPATH"), "bin", "staticcheck")
	if _, err := os.Stat(gobin); err == nil {
		return gobin
	}
	cmd := exec.Command("go", "install", "honnef.co/go/tools/cmd/staticcheck@latest")
	cmd.Env = append(os.Environ(), "GOBIN="+b.bin, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Printf("staticcheck not available, skipped: %v\n%s", err, out)
		return ""
	}
	return filepath.Join(b.bin, "staticcheck")
}

const gclStandard = `version: "2"
run:
  tests: true
linters:
  default: standard
`

const gclPlugin = `  enable:
    - ginctxlint
  settings:
    custom:
      ginctxlint:
        type: module
        description: goroutine and lifecycle bugs in Gin HTTP services
`

func (b *bench) generate(n int) tree {
	d := filepath.Join(b.dir, fmt.Sprintf("svc%d", n))
	if _, err := os.Stat(filepath.Join(d, "go.sum")); err != nil {
		os.RemoveAll(d)
		if err := benchgen.Generate(d, benchgen.Options{Packages: n}); err != nil {
			log.Fatal(err)
		}
		if err := benchgen.Tidy(d); err != nil {
			// go mod tidy wants the test dependencies of gin's
			// dependencies too, which the module cache may not hold and
			// GOPROXY=off cannot fetch. testdata/e2e requires the same
			// gin: its go.sum lets -mod=mod (every run below) complete
			// go.mod from the module cache.
			log.Printf("%v; using testdata/e2e/go.sum", err)
			sum, rerr := os.ReadFile(filepath.Join(moduleRoot(), "testdata", "e2e", "go.sum"))
			if rerr != nil {
				log.Fatal(rerr)
			}
			if err := os.WriteFile(filepath.Join(d, "go.sum"), sum, 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
	return tree{name: fmt.Sprintf("generated, %d pkgs", n+1), dir: d, pattern: "./...", pkgs: n + 1}
}

// warm fills the template build cache with the export data of everything
// the trees need, once, outside the measurements.
func (b *bench) warm(trees []tree) {
	if !b.shared {
		b.cache = filepath.Join(b.dir, "gocache")
	}
	env := []string{"GOCACHE=" + b.cache, "GOFLAGS=" + b.goflags}
	for _, t := range trees {
		log.Printf("warming the build cache for %s", t.name)
		if t.app {
			// Export data only, errors tolerated: a package that does not
			// compile is reported the same way by every tool.
			cmd := exec.Command("go", "list", "-e", "-export", "-deps", "-test", t.pattern)
			cmd.Dir = t.dir
			cmd.Env = append(os.Environ(), append([]string{"GOPROXY=off"}, env...)...)
			cmd.Run()
			continue
		}
		run(t.dir, env, "go", "build", t.pattern)
		// With -test: the drivers analyse test files too, and export
		// data of the test variants (std has many) is compilation that
		// a CI's cache would hold, not analysis.
		run(t.dir, env, "go", "list", "-export", "-deps", "-test", t.pattern)
	}
}

type sample struct {
	wall, cpu time.Duration
	rssKB     int64
	exit      int
}

func (b *bench) measure(t tree) {
	fmt.Printf("## %s (%d packages)\n\n", t.name, t.pkgs)
	results := map[string]sample{}
	tools := slices.DeleteFunc(slices.Clone(b.tools), func(tl tool) bool {
		return tl.modules && t.pattern == "std" || t.app && strings.HasSuffix(tl.name, " edit")
	})
	// Round by round, every tool once a round: on a shared machine the
	// load changes during a measurement, and each tool's median then
	// sees the same load as the floor's.
	samples := map[string][]sample{}
	for i := 0; i < b.runs; i++ {
		for _, tl := range tools {
			samples[tl.name] = append(samples[tl.name], b.once(t, tl))
		}
	}
	for _, tl := range tools {
		results[tl.name] = median(samples[tl.name])
		log.Printf("%s / %s: %v wall, %v cpu, %d MB", t.name, tl.name, results[tl.name].wall, results[tl.name].cpu, results[tl.name].rssKB/1024)
	}
	floor, vet := results["noop"], results["go vet"]
	ratio := func(x, y time.Duration) string {
		if y == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f×", float64(x)/float64(y))
	}
	fmt.Println("| tool | wall | cpu | ms/pkg (wall) | ms/pkg (cpu) | peak MB | wall ÷ noop | cpu ÷ noop | wall ÷ go vet | cpu ÷ go vet | exit |")
	fmt.Println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, tl := range tools {
		s := results[tl.name]
		fmt.Printf("| %s | %.2fs | %.2fs | %.1f | %.1f | %d | %s | %s | %s | %s | %d |\n",
			tl.name, s.wall.Seconds(), s.cpu.Seconds(),
			float64(s.wall.Milliseconds())/float64(t.pkgs), float64(s.cpu.Milliseconds())/float64(t.pkgs),
			s.rssKB/1024, ratio(s.wall, floor.wall), ratio(s.cpu, floor.cpu), ratio(s.wall, vet.wall), ratio(s.cpu, vet.cpu), s.exit)
	}
	if nf, gl := results["noop+fact"], results["ginctxlint (singlechecker)"]; nf.cpu > 0 && gl.cpu > 0 {
		fmt.Printf("\nginctxlint (singlechecker) ÷ noop+fact: wall %s, cpu %s (the rules' own cost over the floor of any analyzer with facts)\n", ratio(gl.wall, nf.wall), ratio(gl.cpu, nf.cpu))
	}
	if old, gl := results["ginctxlint (singlechecker)"], results["ginctxlint"]; old.cpu > 0 && gl.cpu > 0 {
		fmt.Printf("\nginctxlint, our driver ÷ singlechecker: wall %s, cpu %s, peak RSS %.2f×\n", ratio(gl.wall, old.wall), ratio(gl.cpu, old.cpu), float64(gl.rssKB)/float64(old.rssKB))
	}
	if gl, fl := results["ginctxlint"], results["noop"]; gl.cpu > 0 && fl.cpu > 0 {
		fmt.Printf("\nginctxlint ÷ noop (targets 1.3× cpu, 1.5× RSS): cold cpu %s, RSS %.2f×", ratio(gl.cpu, fl.cpu), float64(gl.rssKB)/float64(fl.rssKB))
		if w := results["ginctxlint warm"]; w.cpu > 0 {
			fmt.Printf("; warm cpu %s, RSS %.2f×", ratio(w.cpu, fl.cpu), float64(w.rssKB)/float64(fl.rssKB))
		}
		fmt.Println()
	}
	for _, sc := range []string{"warm", "edit"} {
		if gl, vt := results["ginctxlint "+sc], results["go vet -vettool "+sc]; gl.cpu > 0 && vt.cpu > 0 {
			fmt.Printf("\nginctxlint %s ÷ go vet -vettool %s (target 2×): wall %s, cpu %s\n", sc, sc, ratio(gl.wall, vt.wall), ratio(gl.cpu, vt.cpu))
		}
	}
	if g, gp := results["golangci-lint"], results["golangci-lint+ginctxlint"]; g.cpu > 0 && gp.cpu > 0 {
		fmt.Printf("\nginctxlint adds to a default golangci-lint run: wall %+.0f%%, cpu %+.0f%%\n",
			100*(float64(gp.wall)/float64(g.wall)-1), 100*(float64(gp.cpu)/float64(g.cpu)-1))
	}
	fmt.Println()
	for _, tl := range tools {
		fmt.Printf("- %s: %s\n", tl.name, tl.note)
	}
	fmt.Println()
}

func (b *bench) once(t tree, tl tool) sample {
	run := filepath.Join(b.dir, "run")
	os.RemoveAll(run)
	if err := os.MkdirAll(run, 0o755); err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(run)
	cache := b.cache
	if !b.shared {
		cache = filepath.Join(run, "gocache")
		if err := exec.Command("cp", "-al", b.cache, cache).Run(); err != nil {
			log.Fatalf("copying the build cache: %v", err)
		}
	}
	args := tl.args(t.pattern)
	env := append(os.Environ(), "GOCACHE="+cache, "STATICCHECK_CACHE="+filepath.Join(run, "sc"), "GOLANGCI_LINT_CACHE="+filepath.Join(run, "gcl"), "GOFLAGS="+b.goflags, "GOPROXY=off")
	if tl.prepare != nil {
		env = append(env, "GINCTXLINT_CACHE="+filepath.Join(run, "ginctxlint"))
		defer tl.prepare(t, args, env)()
	} else {
		env = append(env, "GINCTXLINT_CACHE=off")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = t.dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		log.Fatalf("%s: %v", tl.name, err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	s := sample{
		wall:  wall,
		cpu:   cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
		rssKB: ru.Maxrss,
		exit:  cmd.ProcessState.ExitCode(),
	}
	// Findings are expected (exit 1 or 3); a crash or an analyzer error
	// is not, and invalidates the numbers.
	// At the start of a line: findings may say "can panic: ...".
	if out := "\n" + stderr.String(); strings.Contains(out, "\npanic: ") || strings.Contains(out, "internal error") || strings.Contains(out, "\nfatal error: ") {
		log.Fatalf("%s on %s crashed or failed:\n%s", tl.name, t.name, tail(out, 40))
	}
	return s
}

func median(ss []sample) sample {
	pick := func(f func(sample) int64) int64 {
		v := make([]int64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return sample{
		wall:  time.Duration(pick(func(s sample) int64 { return int64(s.wall) })),
		cpu:   time.Duration(pick(func(s sample) int64 { return int64(s.cpu) })),
		rssKB: pick(func(s sample) int64 { return s.rssKB }),
		exit:  ss[0].exit,
	}
}

func run(dir string, env []string, args ...string) string {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"GOFLAGS=-mod=mod", "GOPROXY=off"}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		log.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, tail(string(out), 40))
	}
	return string(out)
}

func countPkgs(dir, pattern string, env ...string) int {
	return len(strings.Fields(run(dir, env, "go", "list", "-e", pattern)))
}

func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func goVersion() string {
	out, _ := exec.Command("go", "version").Output()
	return strings.TrimSpace(strings.TrimPrefix(string(out), "go version "))
}

func moduleRoot() string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		log.Fatal("run bench from the ginctxlint module")
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
