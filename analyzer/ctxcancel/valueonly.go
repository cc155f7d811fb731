package ctxcancel

import (
	"go/types"
)

// isValueOnly reports whether fn only reads values from its context: the
// shared table (internal/iocalls) and the -ctxcancel.value-only entries.
func (c *checker) isValueOnly(fn *types.Func) bool {
	return c.valueOnly.Has(fn)
}
