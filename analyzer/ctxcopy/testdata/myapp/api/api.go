package api

import (
	"net/http"

	"myapp/svc"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	svc.Audit(w, r.URL.Path) // want `ctxcopy: w \(http.ResponseWriter\) is passed as out to svc.Audit, which hands it to a goroutine that can outlive the handler`
	svc.AuditSync(w, r.URL.Path)
}
