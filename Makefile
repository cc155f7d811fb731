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
