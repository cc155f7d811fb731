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

test: deps vet
	$(GO) test ./...

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
