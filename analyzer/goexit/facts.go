package goexit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/ginctxlint/ginctxlint/internal/goroutine"
	"github.com/ginctxlint/ginctxlint/internal/loops"
)

// Fact says how a function behaves when a goroutine runs it, for launches
// and calls in other packages. Positions are goroutine.Pos values (file
// and line): facts cross process boundaries, token.Pos values do not.
type Fact struct {
	// Endless, if set, says where the function loops forever once called
	// (rendered "for loop at cron.go:31", "range over t.C at cron.go:40",
	// "via (*pkg.Cron).run").
	Endless *Loop
	// Ranges and Sends list the channel parameters it ranges over, and
	// sends on with a send that cannot be abandoned.
	Ranges []int
	Sends  []int
	// Returns, if set, says the function returns an unbuffered channel
	// that a goroutine it started sends on (rendered "go statement at
	// x.go:12").
	Returns *goroutine.LaunchAt
	// Starts lists the goroutines that never finish which calling the
	// function starts, itself or through the functions it calls: a
	// handler that calls it leaks one per request.
	Starts []goroutine.Site[Why]
}

func (*Fact) AFact() {}

// A Loop is where a function loops forever, as data: its own loop (What
// it is, "for loop" or "range over t.C", and At where), or Via the
// function it calls that does ("(*pkg.Cron).run").
type Loop struct {
	What string
	At   goroutine.Pos
	Via  string
}

// A Why is why a goroutine never finishes, as data: its own loop, or the
// loop of a function it calls or runs (Callee).
type Why struct {
	Callee string // goroutine.FuncName of the function; "" for the goroutine's own loop
	Runs   bool   // the goroutine runs Callee (go f()) rather than calls it
	Loop   Loop
}

// String renders w for messages: "its for loop at x.go:12 has no way
// out", "it calls (*pkg.Cron).run, whose loop never ends (...)".
func (w Why) String() string {
	switch {
	case w.Callee == "":
		return fmt.Sprintf("its %s has no way out", &w.Loop)
	case w.Runs:
		return fmt.Sprintf("it runs %s, whose loop never ends (%s)", w.Callee, &w.Loop)
	}
	return fmt.Sprintf("it calls %s, whose loop never ends (%s)", w.Callee, &w.Loop)
}

// String renders the loop for messages: "for loop at cron.go:31", "via
// (*pkg.Cron).run".
func (l *Loop) String() string {
	if l.Via != "" {
		return "via " + l.Via
	}
	return l.What + " at " + l.At.String()
}

func (f *Fact) String() string {
	var parts []string
	if f.Endless != nil {
		parts = append(parts, "endless: "+f.Endless.String())
	}
	if len(f.Ranges) > 0 {
		parts = append(parts, fmt.Sprintf("ranges %v", f.Ranges))
	}
	if len(f.Sends) > 0 {
		parts = append(parts, fmt.Sprintf("sends %v", f.Sends))
	}
	if f.Returns != nil {
		parts = append(parts, "returns sender: "+f.Returns.String())
	}
	for _, st := range f.Starts {
		parts = append(parts, "starts endless: "+st.Where.String())
	}
	return "goexit(" + strings.Join(parts, "; ") + ")"
}

func (f *Fact) empty() bool {
	return f.Endless == nil && len(f.Ranges) == 0 && len(f.Sends) == 0 && f.Returns == nil && len(f.Starts) == 0
}

// local is what the package knows of one of its own functions: its fact,
// and the syntax behind it for positions in messages.
type local struct {
	fact Fact
	loop ast.Stmt // the endless loop, if in this function
}

// summarize computes the facts of the package's functions and exports
// them. Endless propagates through calls to a fixed point: a function
// whose body calls an endless one at top level is endless too.
func (c *checker) summarize() {
	decls := c.p.Model().FuncDecls()
	for _, fd := range decls {
		decl, fn := fd.Decl, fd.Obj
		s := &local{}
		params := fn.Type().(*types.Signature).Params()
		if hasChan(params) {
			s.fact.Ranges, s.fact.Sends = c.paramChans(decl.Body, params)
		}
		if loop := c.endlessLoop(decl.Body); loop != nil {
			s.loop = loop
			s.fact.Endless = &Loop{What: loopName(loop), At: goroutine.PosOf(c.p.Fset, loop.Pos())}
		}
		if l := c.returnsSender(decl); l != nil {
			at := goroutine.LaunchAtOf(c.p.Fset, l)
			s.fact.Returns = &at
		}
		c.locals[fn] = s
	}
	// The step is monotone: a function's own loop is fixed, and a callee
	// only becomes endless, so Endless only appears, and the callee it
	// names (the first endless one in the body) only moves earlier.
	objs := make([]*types.Func, len(decls))
	for i, fd := range decls {
		objs[i] = fd.Obj
	}
	c.p.Model().Fixpoint(objs, func(i int) bool {
		s := c.locals[objs[i]]
		if s.loop != nil {
			return false // endless by its own loop
		}
		callee := c.endlessCall(decls[i].Decl.Body, objs[i])
		if callee == nil {
			return false
		}
		if via := goroutine.FuncName(callee); s.fact.Endless == nil || via != s.fact.Endless.Via {
			s.fact.Endless = &Loop{Via: via}
			return true
		}
		return false
	})
	if c.opts.Scope != ScopeAll {
		// With -goexit.scope=all the endless goroutine is reported where
		// it starts; else at the handler that calls its helper.
		c.reach = goroutine.NewReach(c.m, goroutine.ReachConfig[Why]{
			Direct: c.helperLaunch,
			Skip:   c.runsOnce,
			Imported: func(fn *types.Func) []goroutine.Site[Why] {
				if f := c.fact(fn); f != nil {
					return f.Starts
				}
				return nil
			},
		})
		for _, fd := range c.reach.Exported() {
			c.locals[fd.Obj].fact.Starts = c.reach.Sites(fd.Obj)
		}
	}
	fns := make([]*types.Func, 0, len(c.locals))
	for fn, s := range c.locals {
		if !s.fact.empty() {
			fns = append(fns, fn)
		}
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		f := c.locals[fn].fact
		c.p.ExportObjectFact(fn, &f)
	}
}

// fact returns what is known of fn: from this package, or a fact.
func (c *checker) fact(fn *types.Func) *Fact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if s, ok := c.locals[fn]; ok {
		return &s.fact
	}
	if fn.Pkg() == c.p.Pkg {
		return nil
	}
	return goroutine.ImportedFact(c.p.Pass, c.imported, fn)
}

// topLevel calls f with each statement of body that runs whenever the
// body runs to it: the body's own statements, unwrapping labels.
func topLevel(body *ast.BlockStmt, f func(ast.Stmt) bool) {
	for _, s := range body.List {
		for {
			ls, ok := s.(*ast.LabeledStmt)
			if !ok {
				break
			}
			s = ls.Stmt
		}
		if !f(s) {
			return
		}
	}
}

// endlessLoop returns a loop at the top level of body that never ends and
// has no way out, or nil. Loops nested in an if or a case might not run;
// precision first.
func (c *checker) endlessLoop(body *ast.BlockStmt) ast.Stmt {
	info := c.p.TypesInfo
	var out ast.Stmt
	topLevel(body, func(s ast.Stmt) bool {
		switch s.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
		default:
			return true
		}
		if !loops.Endless(info, s) && !c.rangesOverTickVar(body, s) {
			return true
		}
		if exit, _ := c.loopOf(body, s).Exits(); exit == nil {
			out = s
			return false
		}
		return true
	})
	return out
}

// rangesOverTickVar reports whether s ranges over a variable that body
// sets, once, to a channel nobody closes: `tick := time.Tick(d); for range
// tick`, as in apache/answer's cache saver and nezha's alert checker.
func (c *checker) rangesOverTickVar(body *ast.BlockStmt, s ast.Stmt) bool {
	r, ok := s.(*ast.RangeStmt)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(r.X).(*ast.Ident)
	if !ok {
		return false
	}
	info := c.p.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	sets, never := 0, false
	c.p.Model().Inspect(body, []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)}, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if l, ok := lhs.(*ast.Ident); ok && info.ObjectOf(l) == v {
					sets++
					never = len(n.Lhs) == len(n.Rhs) && loops.NeverClosed(info, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == v {
					sets++
					never = i < len(n.Values) && loops.NeverClosed(info, n.Values[i])
				}
			}
		case *ast.UnaryExpr:
			if l, ok := n.X.(*ast.Ident); ok && n.Op == token.AND && info.Uses[l] == v {
				sets += 2 // &tick: may be set anywhere
			}
		}
		return true
	})
	return sets == 1 && never
}

// loopOf returns the loops.Loop of s, a statement of body, with its label.
func (c *checker) loopOf(body *ast.BlockStmt, s ast.Stmt) *loops.Loop {
	var labeled *ast.LabeledStmt
	for _, x := range body.List {
		if ls, ok := x.(*ast.LabeledStmt); ok && ls.Stmt == s {
			labeled = ls
		}
	}
	return loops.New(c.p.TypesInfo, s, labeled)
}

// endlessCall returns the function an expression statement at the top
// level of body calls, if it is endless (other than self).
func (c *checker) endlessCall(body *ast.BlockStmt, self *types.Func) *types.Func {
	var out *types.Func
	topLevel(body, func(s ast.Stmt) bool {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			return true
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			return true
		}
		callee := typeutil.StaticCallee(c.p.TypesInfo, call)
		if callee == nil || callee == self {
			return true
		}
		if f := c.fact(callee); f != nil && f.Endless != nil {
			out = callee
			return false
		}
		return true
	})
	return out
}

func hasChan(params *types.Tuple) bool {
	for v := range params.Variables() {
		if _, ok := v.Type().Underlying().(*types.Chan); ok {
			return true
		}
	}
	return false
}

// paramChans returns the indices of the channel parameters body ranges
// over, and sends on with a blocking send, outside function literals.
func (c *checker) paramChans(body *ast.BlockStmt, params *types.Tuple) (ranges, sends []int) {
	info := c.p.TypesInfo
	index := func(e ast.Expr) int {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return -1
		}
		for i := 0; i < params.Len(); i++ {
			if info.Uses[id] == params.At(i) {
				if _, ok := params.At(i).Type().Underlying().(*types.Chan); ok {
					return i
				}
			}
		}
		return -1
	}
	add := func(list []int, i int) []int {
		for _, x := range list {
			if x == i {
				return list
			}
		}
		return append(list, i)
	}
	c.eachBlockingSend(body, func(s *ast.SendStmt) {
		if i := index(s.Chan); i >= 0 {
			sends = add(sends, i)
		}
	})
	c.p.Model().InspectNoLits(body, []ast.Node{(*ast.RangeStmt)(nil)}, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok {
			if i := index(r.X); i >= 0 {
				ranges = add(ranges, i)
			}
		}
		return true
	})
	return ranges, sends
}

// eachBlockingSend calls f with each send in body, outside function
// literals, that cannot be abandoned: not a case of a select with another
// case or a default.
func (c *checker) eachBlockingSend(body ast.Node, f func(*ast.SendStmt)) {
	m := c.p.Model()
	sends := []ast.Node{(*ast.FuncLit)(nil), (*ast.SelectStmt)(nil), (*ast.SendStmt)(nil)}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			if len(n.Body.List) > 1 {
				// Only the case bodies: their comms can be abandoned.
				for _, s := range n.Body.List {
					for _, st := range s.(*ast.CommClause).Body {
						m.Inspect(st, sends, visit)
					}
				}
				return false
			}
		case *ast.SendStmt:
			f(n)
		}
		return true
	}
	m.Inspect(body, sends, visit)
}

// returnsSender returns the launch in decl of a goroutine that sends on an
// unbuffered channel decl makes and returns without receiving from it —
// `func remove() chan bool { ch := make(chan bool); go func() { ...; ch <- true }(); return ch }`.
func (c *checker) returnsSender(decl *ast.FuncDecl) *goroutine.Launch {
	info := c.p.TypesInfo
	fn, isFunc := info.Defs[decl.Name].(*types.Func)
	if !isFunc {
		return nil // a declaration the type checker rejected
	}
	sig := fn.Signature()
	if sig.Results().Len() != 1 {
		return nil
	}
	if _, ok := sig.Results().At(0).Type().Underlying().(*types.Chan); !ok {
		return nil
	}
	var returned *types.Var
	ok := true
	c.m.InspectNoLits(decl.Body, nil, func(n ast.Node) bool {
		if r, isRet := n.(*ast.ReturnStmt); isRet {
			if len(r.Results) != 1 {
				ok = false
				return true
			}
			id, isID := ast.Unparen(r.Results[0]).(*ast.Ident)
			v, isVar := info.Uses[id].(*types.Var)
			if !isID || !isVar || (returned != nil && returned != v) {
				ok = false
				return true
			}
			returned = v
		}
		return true
	})
	if !ok || returned == nil {
		return nil
	}
	for _, l := range c.launchesIn(decl) {
		if l.Lit == nil || !c.sendsOn(l.Lit.Body, returned) {
			continue
		}
		ch := c.chanOf(decl, returned, l, l.Node)
		if ch == nil || ch.buffered || ch.unknown() || ch.returns != 1 || len(ch.recvs) > 0 {
			continue
		}
		return l
	}
	return nil
}

// sendsOn reports whether body sends on v with a blocking send.
func (c *checker) sendsOn(body ast.Node, v *types.Var) bool {
	found := false
	c.eachBlockingSend(body, func(s *ast.SendStmt) {
		if id, ok := ast.Unparen(s.Chan).(*ast.Ident); ok && c.p.TypesInfo.Uses[id] == v {
			found = true
		}
	})
	return found
}

// launchesIn returns the launches whose innermost function is fn.
func (c *checker) launchesIn(fn ast.Node) []*goroutine.Launch {
	var out []*goroutine.Launch
	for _, l := range c.p.Model().Launches() {
		if l.Encl == fn {
			out = append(out, l)
		}
	}
	return out
}
