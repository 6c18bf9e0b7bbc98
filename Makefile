# glia's front door. Two commands matter on a fresh machine: `make run` and `make test`.
GO ?= go
# The Go that builds glia: go.mod asks for go1.27.3 (net/http and crypto/x509 fixes that glia's server
# needs), and a machine whose own Go is older fetches this toolchain once from the Go module proxy
# (about 76 MB). Every target runs with it; a plain `go` outside make needs the same export.
export GOTOOLCHAIN ?= go1.27.3
HAND_WRITTEN_GO = $(shell git ls-files '*.go' | grep -v '^gen/')

include conformance/tooling.mk

.PHONY: run test generate check-generated lint build bench conformance conformance-demo vulncheck fuzz faults

## run: serve the demo world on http://127.0.0.1:3000 with a private PostgreSQL
run:
	$(GO) run ./cmd/glia serve --demo

## test: lint, the contract tooling (Spectral, oasdiff, TypeScript) and the conformance suite out
## of process against the built binary, then every test against a throwaway PostgreSQL (or
## GLIA_TEST_DATABASE_URL); the conformance suite is one of those tests too, and runs a second
## time through Prism (installed by contract-tooling) as a validating proxy
test: lint contract-tooling conformance-demo
	GLIA_CONFORMANCE_PRISM=$(CURDIR)/$(CONTRACT_BIN)/prism \
		$(GO) run ./internal/testutil/withpostgres -- $(GO) test -count=1 ./...

## generate: regenerate gen/ from openapi/ (oapi-codegen) and queries/ + migrations/ (sqlc)
generate:
	$(GO) generate ./gen/...

## check-generated: fail when gen/ differs from what its sources generate
check-generated: generate
	@if [ -n "$$(git status --porcelain -- gen/)" ]; then \
		git status --porcelain -- gen/; git --no-pager diff --stat -- gen/; \
		echo "gen/ is stale: run 'make generate' and commit the result"; exit 1; \
	fi

## lint: gofmt and go vet on hand-written code
lint:
	@unformatted="$$(gofmt -l $(HAND_WRITTEN_GO))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

## vulncheck: govulncheck over the source and the built binary against Go's vulnerability database
## as pinned in tools/vulncheck/go.mod (built locally once per version), then proof that it fails
## on a dependency with a listed advisory
vulncheck: build
	GO=$(GO) sh tools/vulncheck/check.sh . bin/glia
	GO=$(GO) sh tools/vulncheck/prove-check-bites.sh

## build: the glia binary in bin/
build:
	$(GO) build -o bin/glia ./cmd/glia

## bench: load a GitLab-scale world, drive the hot endpoints and the machine's ceilings, print the table (BENCHMARKS.md)
bench:
	$(GO) run ./internal/testutil/withpostgres -- sh -c 'cd tools && $(GO) run ./bench -repo .. $(BENCH_FLAGS)'

## faults: push load through a stalled and a killed database, a killed glia and slow clients;
## fails when an acknowledged push is not recorded exactly once (RELIABILITY.md)
faults:
	cd tools && $(GO) run ./faults -repo .. $(FAULTS_FLAGS)

## conformance: the black-box suite against glia serving the demo world in-process, or against
## BASE_URL (with credentials in GLIA_CONFORMANCE_*; see conformance/README.md); prints coverage
ifdef BASE_URL
CONFORMANCE_RUN = GLIA_CONFORMANCE_BASE_URL=$(BASE_URL) $(GO) test -count=1 -v -run 'TestConformance' ./conformance/
else
CONFORMANCE_RUN = $(GO) run ./internal/testutil/withpostgres -- $(GO) test -count=1 -v -run 'TestConformance$$|TestSuiteCatches' ./conformance/
endif
conformance:
	@out=$$(mktemp); $(CONFORMANCE_RUN) >$$out 2>&1; \
	status=$$?; grep -E '^(internal|billing|scim) API:|^(ok|FAIL)|--- (FAIL|SKIP)|Error:|not produced here' $$out; rm -f $$out; exit $$status

## conformance-demo: the suite out of process, against a fresh `glia serve --demo` built from
## this tree and the twins it needs, each its own process (conformance/against-demo.sh)
conformance-demo: build
	sh conformance/against-demo.sh bin/glia

## fuzz: every fuzz target (func Fuzz… beside the parsers that read callers' input) for FUZZTIME
## each (default 1m), one after another; a failing input stops the run and is kept under the
## package's testdata/fuzz, where `go test` replays it from then on
FUZZTIME ?= 1m
fuzz:
	@set -e; for file in $$(grep -rl --include='*_test.go' --exclude-dir=node_modules --exclude-dir=.git '^func Fuzz' . | sort); do \
		for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
			echo "== $$name in $$(dirname $$file) for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$(dirname $$file); \
		done; \
	done
