package reqdata

import (
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/gin-gonic/gin"
)

func process(r io.Reader) { _, _ = io.Copy(io.Discard, r) }

// The file header is the request's: its temporary file is removed when
// ServeHTTP returns.
func OpenLater(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		return
	}
	go func() {
		f, err := fh.Open() // want `ctxcopy: a goroutine that can outlive the handler opens fh, a file of the request's multipart form, after net/http may have closed the request body and removed its multipart temporary files .* — read or save the file before starting the goroutine and hand it the bytes or the saved path`
		if err != nil {
			log.Println(err)
			return
		}
		defer f.Close()
		process(f)
	}()
	c.JSON(http.StatusAccepted, nil)
}

// The look-alike: saved before the goroutine starts; it gets the path.
func SaveFirst(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		return
	}
	dst := filepath.Join(os.TempDir(), filepath.Base(fh.Filename))
	if err := c.SaveUploadedFile(fh, dst); err != nil {
		return
	}
	go func() {
		f, err := os.Open(dst)
		if err != nil {
			return
		}
		defer f.Close()
		process(f)
	}()
	c.JSON(http.StatusAccepted, nil)
}

// Through a copy too: it shares the *http.Request.
func CopyFormFile(c *gin.Context) {
	cp := c.Copy()
	go func() {
		fh, err := cp.FormFile("file") // want `ctxcopy: a goroutine that can outlive the handler calls cp.FormFile after net/http may have closed`
		if err == nil {
			_ = cp.SaveUploadedFile(fh, "/tmp/x")
		}
	}()
}

func CopyBody(c *gin.Context) {
	cp := c.Copy()
	go func() {
		process(cp.Request.Body) // want `ctxcopy: a goroutine that can outlive the handler reads cp.Request.Body after`
	}()
}

// net/http: the body is closed when the handler returns.
func Body(w http.ResponseWriter, r *http.Request) {
	go process(r.Body) // want `ctxcopy: a goroutine that can outlive the handler is handed r.Body, and reads it after`
	go func() {
		process(r.Body) // want `ctxcopy: a goroutine that can outlive the handler reads r.Body after`
	}()
}

// The look-alike: the handler waits for the goroutine.
func Waited(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f, err := fh.Open()
		if err == nil {
			process(f)
			f.Close()
		}
	}()
	wg.Wait()
}

// The look-alike: read before; the goroutine gets the bytes.
func ReadFirst(c *gin.Context) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return
	}
	go func() {
		log.Println(len(body))
	}()
}

// Not reported: the file is saved before the signal the handler waits for.
func SaveThenSignal(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		return
	}
	saved := make(chan error)
	go func() {
		dst := filepath.Join(os.TempDir(), filepath.Base(fh.Filename))
		saved <- c.SaveUploadedFile(fh, dst)
		process(nil)
	}()
	if err := <-saved; err != nil {
		return
	}
}

// Reported: opened after the signal.
func SignalThenOpen(c *gin.Context) {
	fh, err := c.FormFile("file")
	if err != nil {
		return
	}
	started := make(chan struct{})
	go func() {
		close(started)
		f, err := fh.Open() // want `ctxcopy: a goroutine that can outlive the handler opens fh`
		if err != nil {
			return
		}
		process(f)
	}()
	<-started
}
