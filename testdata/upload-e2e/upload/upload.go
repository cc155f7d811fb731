// Package upload has two gin handlers that hand an uploaded file to a
// goroutine which reads it after the handler returned: Reported hands it
// the *multipart.FileHeader, Fixed saves the file first and hands it the
// path. Each goroutine prints one line on stdout saying what it read.
package upload

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/gin-gonic/gin"
)

// Later is how long the goroutines wait: the handler has returned and
// net/http has finished the request by then.
const Later = 300 * time.Millisecond

func Reported(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		c.String(http.StatusBadRequest, err.Error())
		return
	}
	go func() {
		time.Sleep(Later)
		f, err := fh.Open() // want `ctxcopy: a goroutine that can outlive the handler opens fh, a file of the request's multipart form`
		if err != nil {
			fmt.Println("reported: open failed:", err)
			return
		}
		defer f.Close()
		n, _ := io.Copy(io.Discard, f)
		fmt.Println("reported: read", n, "bytes")
	}()
	c.String(http.StatusAccepted, "accepted")
}

// Fixed saves the file before the goroutine starts (into $UPLOAD_DIR)
// and hands it the path.
func Fixed(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		c.String(http.StatusBadRequest, err.Error())
		return
	}
	dst := filepath.Join(os.Getenv("UPLOAD_DIR"), filepath.Base(fh.Filename))
	if err := c.SaveUploadedFile(fh, dst); err != nil {
		c.String(http.StatusInternalServerError, err.Error())
		return
	}
	go func() {
		time.Sleep(Later)
		f, err := os.Open(dst)
		if err != nil {
			fmt.Println("fixed: open failed:", err)
			return
		}
		defer f.Close()
		n, _ := io.Copy(io.Discard, f)
		fmt.Println("fixed: read", n, "bytes")
	}()
	c.String(http.StatusAccepted, "accepted")
}
