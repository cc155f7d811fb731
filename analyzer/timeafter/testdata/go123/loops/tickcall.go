package loops

import "time"

// Since Go 1.23 a ticker nobody references is collected: once per call is
// no leak (the go122 module reports the same function).
func ServeConn(done <-chan struct{}, send func() error) {
	tick := time.Tick(30 * time.Second)
	for {
		select {
		case <-tick:
			if send() != nil {
				return
			}
		case <-done:
			return
		}
	}
}
