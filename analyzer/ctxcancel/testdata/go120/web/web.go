// Package web is compiled for Go 1.20, before context.WithoutCancel: the
// rule reports, and offers no fix (this test has no .golden file, which
// analysistest would need for one).
package web

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func Handler(w http.ResponseWriter, r *http.Request) {
	go db.ExecContext(r.Context(), "INSERT") // want `ctxcancel: db.ExecContext is called with r.Context\(\)`
}
