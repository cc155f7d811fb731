package main

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.GET("/", func(c *gin.Context) {})
	r.Run(":8080") // want `shutdown: r.Run starts a server that nothing can shut down: on the next deploy in-flight requests are cut off; serve with srv := &http.Server\{Addr: addr, Handler: r\} and call srv.Shutdown\(ctx\) on SIGTERM`
}

func tls(engine *gin.Engine) {
	log.Fatal(engine.RunTLS(":443", "cert.pem", "key.pem")) // want `shutdown: engine.RunTLS starts a server that nothing can shut down`
}

func plain(mux *http.ServeMux) {
	log.Fatal(http.ListenAndServe(":8080", mux)) // want `shutdown: http.ListenAndServe starts a server that nothing can shut down: on the next deploy in-flight requests are cut off; serve with srv := &http.Server\{Addr: addr, Handler: mux\} and call srv.Shutdown\(ctx\) on SIGTERM`
}

// The look-alike: the engine as the handler of a server that has a
// handle.
func graceful(r *gin.Engine) *http.Server {
	srv := &http.Server{Addr: ":8080", Handler: r}
	go srv.ListenAndServe()
	return srv
}

// One server per protocol, in the branches of one if/else chain
// (ezbookkeeping): one report, the other branches related. Two servers
// started one after the other are two.
func byProtocol(router *gin.Engine, protocol string) error {
	if protocol == "unix" {
		return router.RunUnix("/tmp/app.sock") // want `shutdown: router.RunUnix starts a server that nothing can shut down: .* \(also 2 other branches of this if/else\)`
	} else if protocol == "http" {
		return router.Run(":8080")
	} else {
		return router.RunTLS(":443", "cert.pem", "key.pem")
	}
}

func both(router *gin.Engine) {
	go router.Run(":8080")                  // want `shutdown: router.Run starts a server`
	router.RunTLS(":443", "c.pem", "k.pem") // want `shutdown: router.RunTLS starts a server`
}
