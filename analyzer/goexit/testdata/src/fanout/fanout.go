package fanout

import (
	"context"
	"errors"
	"time"

	meta "example.com/types"
)

type result struct{ n int }

func query(replica string) result { return result{} }

// First response wins: every replica but the fastest blocks forever.
func FirstReplica(replicas []string) result {
	ch := make(chan result)
	for _, r := range replicas {
		go func() {
			ch <- query(r) // want `goexit: the goroutine blocks forever on ch <- query\(r\): the loop starts one per iteration, but FirstReplica receives from ch once, which is unbuffered, so every sender but the first waits forever — give ch a buffer for every send: make\(chan result, len\(replicas\)\)`
		}()
	}
	return <-ch
}

// Hedged requests in a counted loop: the buffer covers every sender.
func Hedged(ctx context.Context, n int) (result, error) {
	ch := make(chan result)
	for i := 0; i < n; i++ {
		go func() {
			ch <- query("x") // want `goexit: the goroutine blocks forever on ch <- query\("x"\): Hedged can return through the case <-ctx.Done\(\) without receiving from ch, .* make\(chan result, n\)`
		}()
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// The look-alike: one receive per sender.
func AllReplicas(replicas []string) []result {
	ch := make(chan result)
	for _, r := range replicas {
		go func() { ch <- query(r) }()
	}
	var out []result
	for range replicas {
		out = append(out, <-ch)
	}
	return out
}

// The look-alike: the senders give up once the caller has its answer.
func FirstReplicaCancel(ctx context.Context, replicas []string) result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan result)
	for _, r := range replicas {
		go func() {
			select {
			case ch <- query(r):
			case <-ctx.Done():
			}
		}()
	}
	return <-ch
}

// The look-alike: two senders, two receives.
func Two() (result, result) {
	ch := make(chan result)
	for i := 0; i < 2; i++ {
		go func() { ch <- query("x") }()
	}
	a, b := <-ch, <-ch
	return a, b
}

// The buffer covers every sender of the loop, not one: the count is known
// only as a length, so the fix writes it.
func FirstError(files []string) error {
	errc := make(chan error)
	for _, f := range files {
		go func() {
			errc <- check(f) // want `goexit: the goroutine blocks forever on errc <- check\(f\): FirstError can return through the case <-time.After\(time.Second\) without receiving from errc, .* make\(chan error, len\(files\)\)`
		}()
	}
	for range files {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-time.After(time.Second):
			return errors.New("timeout")
		}
	}
	return nil
}

func check(string) error { return nil }

// The slice grows after the make: its length there is not the count, so
// no size and no fix.
func Grows(files []string) error {
	errc := make(chan error)
	files = append(files, "extra")
	for _, f := range files {
		go func() {
			errc <- check(f) // want `goexit: the goroutine blocks forever on errc <- check\(f\): .* give errc a buffer as large as the number of sends that may go unreceived, or let the senders give up \(select on ctx.Done\(\)\)$`
		}()
	}
	return <-errc
}

// Type names are written as the file imports them, renamed or not.
func Meta(ctx context.Context) *meta.FileMeta {
	ch := make(chan *meta.FileMeta)
	go func() {
		ch <- &meta.FileMeta{} // want `make\(chan \*meta.FileMeta, 1\)`
	}()
	select {
	case m := <-ch:
		return m
	case <-ctx.Done():
		return nil
	}
}
