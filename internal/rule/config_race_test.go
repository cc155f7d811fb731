package rule_test

import (
	"sync"
	"testing"

	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// TestConfigConcurrentValidate: drivers run one package's analysis per
// goroutine, and each validates the shared configuration lazily. Run with
// -race (make test does) to catch unsynchronised parsing.
func TestConfigConcurrentValidate(t *testing.T) {
	cfg := rule.NewConfig([]*rule.Rule{{Name: "r", Default: true}})
	cfg.AddLaunchers("example.com/pool.Go")
	cfg.AddContextTypes("*example.com/web.Ctx")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := cfg.Validate(); err != nil {
				t.Error(err)
			}
			m := cfg.ModelConfig()
			if len(m.Launchers) != 1 || len(m.ContextTypes) != 1 {
				t.Errorf("model config seen half-parsed: %d launchers, %d context types", len(m.Launchers), len(m.ContextTypes))
			}
		})
	}
	wg.Wait()
}
