package api

import (
	"net/http"

	"myapp/safe"
	"myapp/worker"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	go worker.Run(r.URL.Path) // want `gorecover: a panic in Run, run on a new goroutine, kills the whole server`
	go worker.Guarded(r.URL.Path)
	safe.Spawn(func() { worker.Run(r.URL.Path) }) // want `gorecover: Spawn runs this function on a new goroutine that does not recover`
	safe.Go(func() { worker.Run(r.URL.Path) })
	go http.ListenAndServe(":0", nil) // std: not ours to judge
}
