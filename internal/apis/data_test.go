package apis

import (
	"go/types"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/srctest"
)

// Every entry of the data table names a function or method of the real
// module, declared by the type it says, and every source type is a type
// of it, in the testdata modules (gin, echo v4, fiber v2 and v3, hertz,
// fasthttp); the rest (echo v3, queue clients, x/image, imaging) are
// logged as not checked.
func TestDataReal(t *testing.T) {
	var fs []Func
	for f := range data {
		fs = append(fs, f)
	}
	for f := range concurrentUnsafe {
		fs = append(fs, f)
	}
	ps := paths(fs)
	for k := range sourceTypes {
		ps = append(ps, k[0])
	}
	pkgs := srctest.RealPackages(t, ps, "net/http", "regexp", "os", "database/sql", "strings", "github.com/gin-gonic/gin",
		"github.com/labstack/echo/v4", "github.com/gofiber/fiber/v2", "github.com/cloudwego/hertz/pkg/app", "github.com/valyala/fasthttp")
	checked := 0
	for _, f := range fs {
		if checkFunc(t, "data", pkgs, f) != nil {
			checked++
		}
	}
	for k := range sourceTypes {
		if pkg := pkgs[k[0]]; pkg != nil {
			if _, ok := pkg.Scope().Lookup(k[1]).(*types.TypeName); !ok {
				t.Errorf("source type %s.%s: no such type", k[0], k[1])
			}
		}
	}
	t.Logf("%d of %d entries checked against the real modules", checked, len(fs))
}
