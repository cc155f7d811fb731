package receivers

import (
	"errors"
	"io"
)

type conn struct{}

func (conn) Read() (string, error) { return "", nil }
func (conn) Write(string) error    { return nil }

// The reader's only receiver is the writer, which returns on done: the
// reader then blocks on its next send forever.
func Pump(c conn, done <-chan struct{}) {
	in := make(chan string)
	go func() {
		for {
			msg, err := c.Read()
			if err != nil {
				return
			}
			in <- msg // want `goexit: the goroutine blocks forever on in <- msg: the only receiver of in is the goroutine started at line \d+, which can return first \(line \d+\), and in is unbuffered, so nothing ever receives again — let the sender give up too \(select on the signal that ends the receiver\)`
		}
	}()
	go func() {
		for {
			select {
			case m := <-in:
				c.Write(m)
			case <-done:
				return
			}
		}
	}()
}

// The receiver stops on a write error (EOF): the same.
func PumpUntilEOF(c conn) { // want PumpUntilEOF:`goexit\(starts endless: go statement at receivers\.go:\d+\)`
	in := make(chan string)
	go func() {
		for {
			msg, _ := c.Read()
			in <- msg // want `goexit: the goroutine blocks forever on in <- msg: the only receiver of in is the goroutine started at line`
		}
	}()
	go func() {
		for {
			if err := c.Write(<-in); errors.Is(err, io.EOF) {
				return
			}
		}
	}()
}

// The look-alike: the sender gives up on the same signal.
func PumpBoth(c conn, done <-chan struct{}) {
	in := make(chan string)
	go func() {
		for {
			msg, err := c.Read()
			if err != nil {
				return
			}
			select {
			case in <- msg:
			case <-done:
				return
			}
		}
	}()
	go func() {
		for {
			select {
			case m := <-in:
				c.Write(m)
			case <-done:
				return
			}
		}
	}()
}

// The look-alike: the receiver never leaves its loop.
func PumpForever(c conn) { // want PumpForever:`goexit\(starts endless: go statement at receivers\.go:\d+; starts endless: go statement at receivers\.go:\d+\)`
	in := make(chan string)
	go func() {
		for {
			msg, _ := c.Read()
			in <- msg
		}
	}()
	go func() {
		for {
			c.Write(<-in)
		}
	}()
}

// The look-alike: the receiver leaves only on a value it received (an end
// marker): the sender chose to send it, and knows.
func PumpUntilEmpty(c conn) { // want PumpUntilEmpty:`goexit\(starts endless: go statement at receivers\.go:\d+\)`
	in := make(chan string)
	go func() {
		for {
			msg, _ := c.Read()
			in <- msg
		}
	}()
	go func() {
		for {
			select {
			case m := <-in:
				if m == "" {
					return
				}
				c.Write(m)
			}
		}
	}()
}
