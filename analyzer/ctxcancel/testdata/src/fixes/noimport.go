package fixes

import (
	"net/http"
)

// The file does not import context: the fix adds it.
func NoImport(w http.ResponseWriter, r *http.Request) {
	go db.ExecContext(r.Context(), "INSERT") // want `db.ExecContext is called with r.Context\(\)`
}
