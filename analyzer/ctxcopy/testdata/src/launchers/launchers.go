package launchers

import (
	"log"
	"time"

	"github.com/gin-gonic/gin"
)

func AfterFunc(c *gin.Context) {
	time.AfterFunc(time.Second, func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	})
}

// Spawn is a project's own launcher, configured with -launchers.
func Spawn(f func()) { go f() } // want Spawn:`go\(runs param 0\)`

func Custom(c *gin.Context) {
	Spawn(func() {
		log.Println(c.Param("id")) // want `ctxcopy: c \(\*gin.Context\) is used by a goroutine`
	})
}

// Run calls f synchronously: not a launcher.
func Run(f func()) { f() }

func Sync(c *gin.Context) {
	Run(func() { log.Println(c.Param("id")) })
}
