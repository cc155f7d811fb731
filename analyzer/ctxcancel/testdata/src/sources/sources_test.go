package sources

import (
	"net/http"
	"testing"
)

// Tests serve no request: not reported.
func handlerInTest(w http.ResponseWriter, r *http.Request) {
	go db.ExecContext(r.Context(), "INSERT")
}

func TestX(t *testing.T) {}
