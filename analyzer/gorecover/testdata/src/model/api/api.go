// Package api calls model/lib from goroutines its handlers start.
package api

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"model/lib"
)

func use(...any) {}

var reg = lib.NewRegistry()

func Handle(c *gin.Context) {
	parts := strings.Split(c.Param("p"), "/")
	go func() { // want `call of Third, which can panic: index out of range in lib.Third`
		use(lib.Third(parts))
	}()
	go func() { use(lib.SafeThird(parts)) }()
	go func() { use(lib.Third(strings.Split("a/b/c", "/"))) }() // the program's own data

	n, _ := strconv.Atoi(c.Query("n"))
	go lib.Check(n) // want `a panic in Check, run on a new goroutine, kills the whole server.*Check can panic on the data it is given \(panic in lib.Check at lib.go:22\)`
	go lib.Check(3)
	go func() { // want `call of Ratio, which can panic: division by zero in lib.Ratio`
		use(lib.Ratio(10, n))
	}()
	go func() {
		if n != 0 {
			use(lib.Ratio(10, n))
		}
	}()

	raw, _ := c.GetRawData()
	go func() { // want `call of User, which can panic: type assertion without comma-ok in lib.User`
		use(lib.User(lib.Decode(raw)))
	}()
	go func() { use(lib.User(lib.Decode([]byte(`{"user":"x"}`)))) }()

	e := reg.Find(c.Query("k"))
	go func() { // want `nil dereference of a lookup that found nothing`
		use(e.Name)
	}()
	go func() {
		if e != nil {
			use(e.Name)
		}
	}()

	s := &lib.Stats{Name: "hits"}
	go func() { // want `write to a nil map\);`
		s.Counts[c.Query("page")]++
	}()
	t := lib.NewStats("hits")
	go func() { t.Counts[c.Query("page")]++ }()
}

func Generic(c *gin.Context) {
	go func() { lib.Names.Put(c.Query("k"), "v") }()
}

func Helper(c *gin.Context) {
	lib.NotifyLater(strings.Split(c.Query("to"), ",")) // want `lib.NotifyLater starts a goroutine that does not recover \(go statement at lib.go:\d+\) and hands it data the program does not control`
	lib.NotifyLater([]string{"a", "b"})
	lib.NotifyLater(strings.Split(c.Query("cc"), ",")) // the same goroutine: reported once per handler
}

func HelperAgain(c *gin.Context) {
	lib.NotifyLater(strings.Split(c.Query("to"), ",")) // want `lib.NotifyLater starts a goroutine that does not recover`
}
