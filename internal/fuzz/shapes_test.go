package fuzz_test

import (
	"fmt"
	"strings"
)

// shapes turns fuzzer bytes into a Go file that always parses: each byte
// picks a construct of handler code (goroutines, closures, select, loops,
// labels and goto, joins, copies, generics, servers) and the constructs
// nest, so that mutating the bytes explores odd combinations: select in
// select, closures of closures, goto out of a goroutine's loop, a label on
// a go statement. Many outputs do not type-check (a goto over a
// declaration, an unused label, fallthrough in the last case): broken
// types are part of what is fuzzed.
type shapes struct {
	data  []byte
	pos   int
	b     strings.Builder
	depth int
	n     int // fresh-name counter
	steps int
}

// maxDepth bounds nesting: deep enough to find quadratic walks, shallow
// enough that the go/parser's own nesting limit is never the story.
const maxDepth = 40

func genShapes(data []byte) string {
	if len(data) > 4096 {
		data = data[:4096]
	}
	g := &shapes{data: data}
	g.b.WriteString(shapesHeader)
	g.b.WriteString("func Handler(c *gin.Context) {\n")
	g.b.WriteString("ch := make(chan int)\n_ = ch\n")
	for g.more() {
		g.stmt()
	}
	g.b.WriteString("}\n")
	// A second function gets the rest, with the context as a plain
	// context.Context parameter: the facts path.
	g.b.WriteString("func Service(ctx context.Context, c *gin.Context) {\nch := make(chan int)\n_ = ch\n")
	g.pos = 0
	g.steps = 0
	for g.more() && g.steps < 64 {
		g.stmt()
	}
	g.b.WriteString("}\n")
	return g.b.String()
}

const shapesHeader = `package p

import (
	"context"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

var (
	_ = log.Print
	_ = http.StatusOK
	_ sync.Mutex
	_ = time.Now
	_ = errgroup.WithContext
	_ = context.Background
)

type job[T any] struct {
	c *gin.Context
	v T
}

func (j *job[T]) run() { use(j.c, j.v) }

func use(args ...any) {}

func gen[T any](ctx context.Context, v T) {
	go func() { <-ctx.Done(); use(v) }()
}

func wrap(f func()) func() { return func() { defer func() { recover() }(); f() } }

`

func (g *shapes) more() bool { return g.pos < len(g.data) && g.steps < 512 }

func (g *shapes) next() int {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return int(b)
}

func (g *shapes) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *shapes) p(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

// block writes a nested statement list of a few statements.
func (g *shapes) block() {
	if g.depth >= maxDepth {
		g.p("use(c)\n")
		return
	}
	g.depth++
	n := g.next() % 4
	for i := 0; i < n && g.more(); i++ {
		g.stmt()
	}
	g.depth--
}

// ctxExpr is an expression of the pooled type, or of something holding it.
func (g *shapes) ctxExpr() string {
	switch g.next() % 6 {
	case 0:
		return "c.Copy()"
	case 1:
		return "(c)"
	case 2:
		return "any(c).(*gin.Context)"
	case 3:
		return "context.Context(c)"
	default:
		return "c"
	}
}

func (g *shapes) stmt() {
	g.steps++
	switch op := g.next() % 32; op {
	case 0:
		g.p("go func() {\n")
		g.block()
		g.p("}()\n")
	case 1:
		g.p("go use(%s)\n", g.ctxExpr())
	case 2:
		v := g.fresh("v")
		g.p("%s := %s\n_ = %s\n", v, g.ctxExpr(), v)
		g.p("go func() {\nuse(%s)\n", v)
		g.block()
		g.p("}()\n")
	case 3:
		g.p("for {\n")
		g.block()
		g.p("}\n")
	case 4:
		i := g.fresh("i")
		g.p("for %s := 0; %s < 3; %s++ {\n", i, i, i)
		g.block()
		g.p("}\n")
	case 5:
		g.p("select {\ncase <-time.After(time.Second):\n")
		g.block()
		g.p("case v := <-ch:\n_ = v\n")
		g.block()
		g.p("case <-c.Done():\nreturn\n")
		if g.next()%2 == 0 {
			g.p("default:\n")
		}
		g.p("}\n")
	case 6:
		l := g.fresh("L")
		g.p("%s:\n", l)
		g.stmt()
		switch g.next() % 4 {
		case 0:
			g.p("goto %s\n", l)
		case 1:
			g.p("if c.Query(\"x\") == \"\" {\ngoto %s\n}\n", l)
		}
	case 7:
		g.p("defer func() {\nif r := recover(); r != nil {\nuse(r)\n}\n}()\n")
	case 8:
		wg := g.fresh("wg")
		g.p("var %s sync.WaitGroup\n%s.Add(1)\ngo func() {\ndefer %s.Done()\nuse(c)\n", wg, wg, wg)
		g.block()
		g.p("}()\n")
		if g.next()%3 != 0 {
			g.p("%s.Wait()\n", wg)
		}
	case 9:
		eg := g.fresh("g")
		g.p("%s, %sctx := errgroup.WithContext(c)\n_ = %sctx\n%s.Go(func() error {\nuse(c)\n", eg, eg, eg, eg)
		g.block()
		g.p("return nil\n})\n")
		if g.next()%3 != 0 {
			g.p("_ = %s.Wait()\n", eg)
		}
	case 10:
		cp := g.fresh("cp")
		g.p("%s := c.Copy()\ngo func() {\nuse(%s.Param(\"id\"))\n%s.JSON(200, nil)\n", cp, cp, cp)
		g.block()
		g.p("}()\n")
	case 11:
		f := g.fresh("f")
		g.p("%s := func(c *gin.Context) {\n", f)
		g.block()
		g.p("}\ngo %s(c)\n", f)
	case 12:
		x := g.fresh("ctx")
		g.p("%s, cancel%s := context.WithTimeout(c, time.Second)\ndefer cancel%s()\ngo func() {\n<-%s.Done()\n}()\n", x, x, x, x)
	case 13:
		j := g.fresh("j")
		g.p("%s := &job[int]{c: c}\ngo %s.run()\n", j, j)
	case 14:
		g.p("if c.Query(\"x\") != \"\" {\n")
		g.block()
		g.p("} else {\n")
		g.block()
		g.p("}\n")
	case 15:
		g.p("switch c.Param(\"k\") {\ncase \"a\":\n")
		g.block()
		if g.next()%2 == 0 {
			g.p("fallthrough\n")
		}
		g.p("default:\n")
		g.block()
		g.p("}\n")
	case 16:
		g.p("return\n")
	case 17:
		g.p("time.AfterFunc(time.Second, func() {\nuse(c)\n")
		g.block()
		g.p("})\n")
	case 18:
		switch g.next() % 3 {
		case 0:
			g.p("ch <- 1\n")
		case 1:
			g.p("close(ch)\n")
		default:
			g.p("<-ch\n")
		}
	case 19:
		g.p("c.JSON(http.StatusOK, gin.H{})\n")
	case 20:
		g.p("func() {\nfunc() {\ngo func() {\n")
		g.block()
		g.p("}()\n}()\n}()\n")
	case 21:
		s := g.fresh("srv")
		g.p("%s := &http.Server{Addr: \":0\"}\ngo %s.ListenAndServe()\n_ = %s.Shutdown(c)\n", s, s, s)
	case 22:
		g.p("gen[int](%s, 1)\n", g.ctxExpr())
	case 23:
		g.p("for range time.Tick(time.Second) {\n")
		g.block()
		g.p("}\n")
	case 24:
		m := g.fresh("m")
		g.p("%s := map[string]*gin.Context{}\n%s[\"a\"] = c\ngo func() {\nuse(%s)\n}()\n", m, m, m)
	case 25:
		g.p("goto L%d\n", g.next()%8)
	case 26:
		if g.next()%2 == 0 {
			g.p("break\n")
		} else {
			g.p("continue\n")
		}
	case 27:
		g.p("c = %s\n", g.ctxExpr())
	case 28:
		g.p("go (func() {\n")
		g.block()
		g.p("})()\n")
	case 29:
		switch g.next() % 3 {
		case 0:
			g.p("go c.Next()\n")
		case 1:
			e := g.fresh("g")
			g.p("var %s errgroup.Group\n%s.Go(c.Err)\n", e, e)
		default:
			g.p("go wrap(func() {\nuse(c)\n})()\n")
		}
	case 30:
		g.p("select {\ncase <-ch:\nselect {\ncase ch <- 1:\n")
		g.block()
		g.p("case <-time.After(time.Millisecond):\n")
		g.block()
		g.p("}\n}\n")
	case 31:
		// Service-style: hand ctx (the plain context parameter, or c) to
		// a goroutine, or to the generic helper.
		g.p("go func(x context.Context) {\n<-x.Done()\n}(%s)\n", g.ctxExpr())
	}
}
