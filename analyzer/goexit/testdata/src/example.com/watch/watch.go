// Package watch starts watchers; the helpers package sees it through facts.
package watch

import "time"

// Start starts a watcher that never ends.
func Start(id string) {
	go func() {
		for {
			time.Sleep(time.Second)
			_ = id
		}
	}()
}
