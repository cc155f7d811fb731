package frameworks

import (
	"go/types"
	"testing"
)

// named returns a new named type pkgPath.name with an empty struct (or
// interface) underneath.
func named(pkgPath, name string, iface bool) *types.Named {
	pkg := types.NewPackage(pkgPath, pkgPath[len(pkgPath)-1:])
	var under types.Type = types.NewStruct(nil, nil)
	if iface {
		under = types.NewInterfaceType(nil, nil).Complete()
	}
	return types.NewNamed(types.NewTypeName(0, pkg, name, nil), under, nil)
}

func TestLookup(t *testing.T) {
	gin := named("github.com/gin-gonic/gin", "Context", false)
	fiber3 := named("github.com/gofiber/fiber/v3", "Ctx", true)
	local := named("example.com/app", "Context", false)
	alias := types.NewAlias(types.NewTypeName(0, types.NewPackage("example.com/app", "app"), "C", nil), types.NewPointer(gin))
	tab := NewTable(nil)
	for _, tc := range []struct {
		typ  types.Type
		want string // the type's String, "" for none
	}{
		{types.NewPointer(gin), "gin.Context"},
		{gin, "gin.Context"},
		{alias, "gin.Context"},
		{fiber3, "fiber.Ctx"},
		{local, ""}, // a type named Context elsewhere
		{types.Typ[types.Int], ""},
		{nil, ""},
	} {
		got := ""
		if x := tab.Lookup(tc.typ); x != nil {
			got = x.String()
		}
		if got != tc.want {
			t.Errorf("Lookup(%v) = %q, want %q", tc.typ, got, tc.want)
		}
	}
	if x := tab.Lookup(fiber3); x == nil || !x.Interface || !x.IsRetaining("Params") || x.IsRetaining("Context") {
		t.Errorf("fiber v3 Ctx: %+v, want an interface whose Params (not Context) alias pooled memory", x)
	}
}

func TestParseType(t *testing.T) {
	for _, tc := range []struct {
		spec      string
		ok, iface bool
	}{
		{"*example.com/kit.Ctx", true, false},
		{"example.com/kit.Ctx", true, true},
		{"example.com/kit", false, false},
		{"kit.", false, false},
		{"example.com/kit.Ctx/x", false, false},
	} {
		x, err := ParseType(tc.spec)
		if (err == nil) != tc.ok {
			t.Errorf("ParseType(%q): %v, want ok=%v", tc.spec, err, tc.ok)
			continue
		}
		if err == nil && (x.Interface != tc.iface || x.PkgPath != "example.com/kit" || x.Name != "Ctx") {
			t.Errorf("ParseType(%q) = %+v", tc.spec, x)
		}
	}
}
