module github.com/ginctxlint/ginctxlint

// Go 1.25 and x/tools v0.48.0 are the floor on purpose: v0.48.0 is the
// newest x/tools that still builds with Go 1.25, and it already has what we
// use (the Cursor API, unitchecker's -fix/FixArchive for `go fix -fixtool`).
// Everything that builds golangci-lint with our plugin inherits this floor.
go 1.25.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2
	golang.org/x/tools v0.48.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	golang.org/x/mod v0.38.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/text v0.14.0 // indirect
)
