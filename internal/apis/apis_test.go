package apis

import (
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// Of names a function by its declaration: the generic origin, the type
// that declares a method (through a pointer or an alias); not a method of
// an interface literal.
func TestOf(t *testing.T) {
	p := srctest.Check(t, `package p

type T struct{}

func (*T) M() {}

type A = *T

func F() {}

type G[X any] struct{}

func (G[X]) N() {}

var I interface{ Do() }
var _ = G[int]{}
`, srctest.Options{})
	pkg := p.Pkg
	T := pkg.Scope().Lookup("T").Type()
	m := T.(*types.Named).Method(0)
	g := pkg.Scope().Lookup("G").Type().(*types.Named)
	inst, _ := types.Instantiate(nil, g, []types.Type{types.Typ[types.Int]}, false)
	do := pkg.Scope().Lookup("I").Type().Underlying().(*types.Interface).Method(0)
	for _, tc := range []struct {
		fn   *types.Func
		want Func
		ok   bool
	}{
		{m, F("p", "T", "M"), true},
		{pkg.Scope().Lookup("F").(*types.Func), F("p", "", "F"), true},
		{inst.(*types.Named).Method(0), F("p", "G", "N"), true}, // the generic origin
		{do, Func{}, false},                                     // a method of an interface literal
		{nil, Func{}, false},
	} {
		if got, ok := Of(tc.fn); got != tc.want || ok != tc.ok {
			t.Errorf("Of(%v) = %v, %v; want %v, %v", tc.fn, got, ok, tc.want, tc.ok)
		}
		if tc.ok && (!tc.want.Matches(tc.fn) || !Any([]Func{F("q", "", "X"), tc.want}, tc.fn)) {
			t.Errorf("%v does not match %v", tc.want, tc.fn)
		}
	}
	if F("p", "T", "N").Matches(m) || F("q", "T", "M").Matches(m) || F("p", "", "M").Matches(m) || Any(nil, m) {
		t.Errorf("another name, package or receiver matches %v", m)
	}
}

// Parse, one row per spelling of a list flag's entry: what it parses to
// ("path recv name", and the message spelling), or "error".
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		spec, want string
	}{
		{"example.com/kit.Go", "example.com/kit  Go kit.Go"},
		{" example.com/kit.Go\t", "example.com/kit  Go kit.Go"},
		{"(*example.com/kit.Pool).Submit", "example.com/kit Pool Submit (*kit.Pool).Submit"},
		{"(example.com/kit.Pool).Submit", "example.com/kit Pool Submit (*kit.Pool).Submit"},
		{"gopkg.in/yaml.v3.Marshal", "gopkg.in/yaml.v3  Marshal yaml.v3.Marshal"},
		{"kit.Go", "kit  Go kit.Go"},
		{"", "error"},
		{"example.com/kit", "error"},
		{"example.com/kit.", "error"},
		{".Go", "error"},
		{"example.com/kit.Go/x", "error"},
		{"*example.com/kit.Go", "error"},
		{"(*example.com/kit.Pool)", "error"},
		{"(*example.com/kit.Pool).", "error"},
		{"(*example.com/kit.Pool).a.b", "error"},
		{"(**example.com/kit.Pool).Submit", "error"},
		{"(*example.com/kit.Pool.Submit", "error"},
		{"(*Pool).Submit", "error"},
	} {
		got := "error"
		if f, err := Parse("launcher", tc.spec); err == nil {
			got = f.PkgPath + " " + f.Recv + " " + f.Name + " " + f.String()
		} else if want := `invalid launcher "` + tc.spec + `": want pkg/path.Func or (*pkg/path.Type).Method`; err.Error() != want {
			t.Errorf("Parse(%q): error %q, want %q", tc.spec, err, want)
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.spec, got, tc.want)
		}
	}
	fs, err := ParseAll("-x.list", "retainer", []string{"a/b.F", "(*a/b.T).M"})
	if err != nil || len(fs) != 2 || fs[1] != F("a/b", "T", "M") {
		t.Errorf("ParseAll = %v, %v", fs, err)
	}
	if _, err := ParseAll("-x.list", "retainer", []string{"a/b.F", "a/b"}); err == nil || err.Error() != `-x.list: invalid retainer "a/b": want pkg/path.Func or (*pkg/path.Type).Method` {
		t.Errorf("ParseAll with a bad entry: %v", err)
	}
}

// A configured launcher method is joined by its receiver's Wait; a
// function has nothing to wait with.
func TestParseLauncher(t *testing.T) {
	l, err := ParseLauncher("(*example.com/kit.Pool).Submit")
	if err != nil || l.Func != F("example.com/kit", "Pool", "Submit") || l.Wait != "Wait" || l.String() != "(*kit.Pool).Submit" {
		t.Errorf("ParseLauncher(method) = %+v, %v", l, err)
	}
	l, err = ParseLauncher("example.com/kit.Go")
	if err != nil || l.Wait != "" || l.String() != "kit.Go" {
		t.Errorf("ParseLauncher(func) = %+v, %v", l, err)
	}
	if _, err := ParseLauncher("kit"); err == nil {
		t.Error("ParseLauncher(kit): no error")
	}
	iface := &Launcher{Func: F("github.com/alitto/pond/v2", "Pool", "Go"), Interface: true}
	if iface.String() != "(v2.Pool).Go" {
		t.Errorf("interface launcher String = %q", iface.String())
	}
}
func TestLaunchersAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range Launchers() {
		key := l.PkgPath + " " + l.Recv + " " + l.Name
		if seen[key] {
			t.Errorf("%s listed twice", l)
		}
		seen[key] = true
		if l.Sync && l.Wait != "" {
			t.Errorf("%s: a launcher that waits itself needs no Wait method", l)
		}
		if l.Interface && l.Recv == "" {
			t.Errorf("%s: Interface without a receiver", l)
		}
	}
}
