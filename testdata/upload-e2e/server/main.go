// Command server serves upload's handlers on $ADDR (loopback, chosen by
// the test) until it is killed.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"example.com/uploade2e/upload"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/reported", upload.Reported)
	r.POST("/fixed", upload.Fixed)
	r.GET("/health", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	log.Fatal(http.ListenAndServe(os.Getenv("ADDR"), r))
}
