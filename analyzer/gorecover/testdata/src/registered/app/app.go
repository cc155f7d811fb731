// Package app registers its own handler with lib's Proxy: the goroutine
// Start runs calls code the application wrote, which the rule judges
// where it is, not as code nobody controls.
package app

import (
	"net/http"

	"registered/lib"
)

func onMessage(msg []byte) { println(len(msg)) }

func Serve(w http.ResponseWriter, r *http.Request) {
	lib.NewProxy(onMessage).Start([]byte(r.URL.Path))
	p := lib.NewProxy(onMessage)
	go p.Run([]byte(r.URL.Path))
}
