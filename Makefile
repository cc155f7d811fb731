# ginctxlint — `make test` is what CI runs (.ci/run).
GO ?= go

.PHONY: all build test deps vet

all: build test

build:
	$(GO) build ./...

# deps downloads every module the tests need, including those of the
# end-to-end testdata modules (analysistest runs them with GOPROXY=off).
deps:
	$(GO) mod download
	@for d in $$(find testdata -name go.mod -not -path '*/stubs/*' -exec dirname {} \;); do \
		echo "go mod download in $$d"; (cd $$d && $(GO) mod download) || exit 1; \
	done

vet:
	$(GO) vet ./...

# An explicit per-package timeout: go test's default (10m) is a limit the
# slowest package (cmd/ginctxlint, end-to-end runs on real gin) once came
# within seconds of; this one only catches hangs. On a cold build cache on
# a 2-core machine shared at load 30, cmd/ginctxlint alone took over 20m
# of wall time (measured 2026-12-02), hence the margin.
TESTTIMEOUT ?= 45m

test: deps vet
	$(GO) test -timeout=$(TESTTIMEOUT) ./...
	$(GO) test -timeout=$(TESTTIMEOUT) -race -count=1 ./internal/rule/
	@if ! command -v nvim >/dev/null 2>&1; then \
		echo "make test: the editor test (internal/lsp TestNeovim) was SKIPPED: nvim is not on PATH (apt-get install neovim; .ci/run installs it)"; \
	else \
		echo "make test: the editor test ran with $$(nvim --version | head -n 1) (docs/editors.md snippets for a newer Neovim skip: go test -v -run TestNeovim ./internal/lsp)"; \
	fi
	$(MAKE) integration

# integration builds golangci-lint $(GCL_VERSION) with our module plugin from
# the module proxy (plugin/gcl/build.sh: a couple of minutes cold; cached in
# bin/ by a hash of our sources, and by Go's build cache when they change)
# and runs it over testdata/e2e (plugin/integration_test.go).
GCL_VERSION ?= v2.15.0
GCL_BIN ?= $(CURDIR)/bin/golangci-lint-ginctxlint
golangci-lint:
	GO=$(GO) GCL_VERSION=$(GCL_VERSION) plugin/gcl/build.sh $(GCL_BIN)

integration: deps golangci-lint
	GINCTXLINT_GOLANGCI_LINT=$(GCL_BIN) $(GO) test -timeout=$(TESTTIMEOUT) -count=1 -run '^TestGolangciLint$$' -v ./plugin/

.PHONY: golangci-lint integration

# bench times ginctxlint beside its floors (a no-op analyzer, without and
# with a fact), go vet and staticcheck, on generated Gin services and std
# (internal/benchgen/cmd/bench). Slow and CPU-hungry: not part of test.
# BENCHFLAGS=-sizes=10 -runs=3 -std=false for a quick look.
BENCHWORK ?= .bench
BENCHFLAGS ?=
bench: deps
	$(GO) run ./internal/benchgen/cmd/bench -work $(BENCHWORK) $(BENCHFLAGS)
	$(GO) test -run '^$$' -bench . -benchtime 20x ./internal/benchgen/

# fuzz runs the rules' fuzz targets (internal/fuzz) for FUZZTIME each;
# their seeds and testdata/fuzz corpora already run in make test.
FUZZTIME ?= 5m
fuzz:
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzShapes$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzSource$$' -fuzztime $(FUZZTIME)

.PHONY: bench fuzz
