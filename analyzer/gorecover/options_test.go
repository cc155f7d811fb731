package gorecover

import "testing"

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{
		{Scope: "some"},
		{Scope: ScopeAll, Recoverers: []string{"notapath"}},
		{Helper: "(*a/b.T).M"},
		{Panickers: []string{"noDot"}},
	} {
		if err := o.Validate(); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := (&Options{Scope: ScopeHandlers, Recoverers: []string{"a/b.Recover", "(*a/b.Pool).Go"}, Helper: "a/b.Recover"}).parse(); err != nil {
		t.Error(err)
	}
}
