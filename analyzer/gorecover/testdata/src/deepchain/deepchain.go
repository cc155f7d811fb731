// Package deepchain: a wrapper that runs its function on a goroutine
// that does not recover, twelve wrappers deep, declared caller-first (the
// order that needed one round per level of the old fixed-point loop,
// capped at 8), beside the same chain ending in a recovering goroutine.
package deepchain

import (
	"log"
	"os"

	"github.com/gin-gonic/gin"
)

var ready bool

func work() { // want work:`panics`
	if b, _ := os.ReadFile("/run/ready"); string(b) != "yes" {
		panic(notReady())
	}
}

func Handler(c *gin.Context) {
	h0(func() { work() }) // want `gorecover: h0 runs this function on a new goroutine that does not recover`
	k0(func() { work() })
}

func h0(f func()) { // want h0:`go\(runs param 0\)`
	h1(f)
}

func h1(f func()) { // want h1:`go\(runs param 0\)`
	h2(f)
}

func h2(f func()) { // want h2:`go\(runs param 0\)`
	h3(f)
}

func h3(f func()) { // want h3:`go\(runs param 0\)`
	h4(f)
}

func h4(f func()) { // want h4:`go\(runs param 0\)`
	h5(f)
}

func h5(f func()) { // want h5:`go\(runs param 0\)`
	h6(f)
}

func h6(f func()) { // want h6:`go\(runs param 0\)`
	h7(f)
}

func h7(f func()) { // want h7:`go\(runs param 0\)`
	h8(f)
}

func h8(f func()) { // want h8:`go\(runs param 0\)`
	h9(f)
}

func h9(f func()) { // want h9:`go\(runs param 0\)`
	h10(f)
}

func h10(f func()) { // want h10:`go\(runs param 0\)`
	h11(f)
}

func h11(f func()) { // want h11:`go\(runs param 0\)`
	go f()
}

func k0(f func()) { // want k0:`go\(runs param 0 recovered\)`
	k1(f)
}

func k1(f func()) { // want k1:`go\(runs param 0 recovered\)`
	k2(f)
}

func k2(f func()) { // want k2:`go\(runs param 0 recovered\)`
	k3(f)
}

func k3(f func()) { // want k3:`go\(runs param 0 recovered\)`
	k4(f)
}

func k4(f func()) { // want k4:`go\(runs param 0 recovered\)`
	k5(f)
}

func k5(f func()) { // want k5:`go\(runs param 0 recovered\)`
	k6(f)
}

func k6(f func()) { // want k6:`go\(runs param 0 recovered\)`
	k7(f)
}

func k7(f func()) { // want k7:`go\(runs param 0 recovered\)`
	k8(f)
}

func k8(f func()) { // want k8:`go\(runs param 0 recovered\)`
	k9(f)
}

func k9(f func()) { // want k9:`go\(runs param 0 recovered\)`
	k10(f)
}

func k10(f func()) { // want k10:`go\(runs param 0 recovered\)`
	k11(f)
}

func k11(f func()) { // want k11:`go\(runs param 0 recovered\)`
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		f()
	}()
}

// notReady is a message computed at run time: not a precondition's.
func notReady() string { return "not " + "ready" }
