// Package testsupport is test support: its non-test code imports
// testing. Its servers live as long as a test.
package testsupport

import (
	"net/http"
	"testing"
)

func Serve(t *testing.T, h http.Handler) {
	t.Helper()
	go http.ListenAndServe("127.0.0.1:0", h)
}
