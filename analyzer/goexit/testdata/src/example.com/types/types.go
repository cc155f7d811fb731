// Package types is imported under its own name, and renamed, by fanout.
package types

type FileMeta struct{ Name string }
