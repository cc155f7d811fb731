package ctxcopy_test

import (
	"testing"

	"github.com/ginctxlint/ginctxlint/analyzer/ctxcopy"
	"github.com/ginctxlint/ginctxlint/internal/ruletest"
)

func TestBasic(t *testing.T) {
	ruletest.Run(t, ctxcopy.NewAnalyzer(), "basic")
}
