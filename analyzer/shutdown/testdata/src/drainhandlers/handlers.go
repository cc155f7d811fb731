// Package drainhandlers has handlers of httprouter's shape: handed the
// ResponseWriter and the Request beside the route's parameters.
package drainhandlers

import (
	"database/sql"
	"net/http"
)

type Params map[string]string

type Handler struct {
	DB     *sql.DB
	Worker Worker
}

// Worker launches campaigns (gophish's worker.Worker).
type Worker interface{ Launch(id string) }

type DBWorker struct{ DB *sql.DB }

func (w *DBWorker) Launch(id string) {
	w.DB.Exec("UPDATE campaigns SET launched = 1 WHERE id = ?", id)
}

func (h *Handler) Insert(w http.ResponseWriter, r *http.Request, ps Params) {
	id := ps["id"]
	go func() {
		h.DB.Exec("UPDATE bookmarks SET archived = 1 WHERE id = ?", id)
	}()
	go h.Worker.Launch(id)
	w.WriteHeader(http.StatusAccepted)
}

// Register is setup, not a request: the goroutine it starts is a
// worker, not a request's work.
func (h *Handler) Register(mux *http.ServeMux) {
	go h.DB.Exec("DELETE FROM sessions")
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {})
}
