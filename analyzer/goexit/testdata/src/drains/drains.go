package drains

import (
	"errors"
	"testing"
	"time"
)

type page struct{ body string }

func fetch(url string) (page, error) { return page{}, nil }

// Regression (a public service, lego's ACME client): each goroutine sends
// once, on resc or on errc, and the counted loop receives once per
// goroutine: nobody blocks.
func FetchAll(urls []string) ([]page, []error) {
	resc := make(chan page)
	errc := make(chan error)
	for _, u := range urls {
		go func(u string) {
			p, err := fetch(u)
			if err != nil {
				errc <- err
				return
			}
			resc <- p
		}(u)
	}
	var pages []page
	var errs []error
	for i := 0; i < len(urls); i++ {
		select {
		case p := <-resc:
			pages = append(pages, p)
		case err := <-errc:
			errs = append(errs, err)
		}
	}
	return pages, errs
}

// The look-alike: the error case returns at once and leaves the other
// senders blocked. A sender can block on errc or on resc: one goroutine,
// one report (the send on resc is its related position).
func FirstError(urls []string) ([]page, error) {
	resc := make(chan page)
	errc := make(chan error)
	for _, u := range urls {
		go func(u string) {
			p, err := fetch(u)
			if err != nil {
				errc <- err // want `goexit: the goroutine blocks forever on errc <- err`
				return
			}
			resc <- p
		}(u)
	}
	var pages []page
	for i := 0; i < len(urls); i++ {
		select {
		case p := <-resc:
			pages = append(pages, p)
		case err := <-errc:
			return nil, err
		}
	}
	return pages, nil
}

// The look-alike: a timeout case receives nothing of the goroutines'.
func WithTimeout(urls []string) []page {
	resc := make(chan page)
	for _, u := range urls {
		go func(u string) {
			p, _ := fetch(u)
			resc <- p // want `goexit: the goroutine blocks forever on resc <- p`
		}(u)
	}
	var pages []page
	for range urls {
		select {
		case p := <-resc:
			pages = append(pages, p)
		case <-time.After(time.Second):
		}
	}
	return pages
}

var errSlow = errors.New("slow")

// Regression: t.Context() is cancelled after the test function returns,
// so its Done case cannot fire first.
func CheckFetch(t *testing.T) {
	resc := make(chan page)
	go func() {
		p, _ := fetch("x")
		resc <- p
	}()
	select {
	case p := <-resc:
		_ = p
	case <-t.Context().Done():
		t.Error(errSlow)
		return
	}
}

// The same through a variable.
func CheckFetchCtx(t *testing.T) {
	ctx := t.Context()
	resc := make(chan page)
	go func() {
		p, _ := fetch("x")
		resc <- p
	}()
	select {
	case <-resc:
	case <-ctx.Done():
		return
	}
}

// The look-alike: a timeout can fire while the test runs, and the test
// passes on: the goroutine leaks from a passing test.
func CheckFetchTimeout(t *testing.T) {
	resc := make(chan page)
	go func() {
		p, _ := fetch("x")
		resc <- p // want `goexit: the goroutine blocks forever on resc <- p`
	}()
	select {
	case <-resc:
	case <-time.After(time.Second):
		t.Log(errSlow)
	}
}

// A timeout that fails the test: what leaks after the run has failed is
// not the question (the model's paths end at t.Error as at t.Fatal).
func CheckFetchTimeoutFails(t *testing.T) {
	resc := make(chan page)
	go func() {
		p, _ := fetch("x")
		resc <- p
	}()
	select {
	case <-resc:
	case <-time.After(time.Second):
		t.Error(errSlow)
	}
}
