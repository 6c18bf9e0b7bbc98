# Contract tooling for openapi/*.yaml (included by the top-level Makefile; every recipe runs from the
# repo root). Needs Node >= 20.17 with npm, and Go; fetches only from the npm registry and the Go
# module proxy.
#
#   spec-lint         Spectral (conformance/tooling/.spectral.yaml) on the three specs; warnings fail
#   spec-breaking     oasdiff: no breaking change against conformance/baseline/, and proof the check bites
#   spec-baseline     accept the current specs as the new baseline (a deliberate act: conformance/baseline/README.md)
#   ts-check          openapi-typescript .d.ts from each spec, then tsc --noEmit on the openapi-fetch client
#   contract-tooling  spec-lint + spec-breaking + ts-check
#
# The same install provides Prism, which make test hands to the conformance suite
# (GLIA_CONFORMANCE_PRISM) for its run through a validating proxy.

GO ?= go
NPM ?= npm
CONTRACT_TOOLING := conformance/tooling
CONTRACT_APIS := internal billing scim
CONTRACT_SPECS := $(foreach api,$(CONTRACT_APIS),openapi/$(api).yaml)
CONTRACT_BIN := $(CONTRACT_TOOLING)/node_modules/.bin
# npm writes this file at the end of every install; it is newer than package-lock.json after a
# successful `npm ci`, so the install runs when node_modules is missing or the lockfile changed.
CONTRACT_NODE_MODULES := $(CONTRACT_TOOLING)/node_modules/.package-lock.json

.PHONY: spec-lint spec-breaking spec-baseline ts-check contract-tooling

$(CONTRACT_NODE_MODULES): $(CONTRACT_TOOLING)/package.json $(CONTRACT_TOOLING)/package-lock.json
	@# --ignore-scripts: no dependency needs an install script; the one that has one is @scarf/scarf
	@# (install analytics), which must not phone home from CI.
	SCARF_ANALYTICS=false $(NPM) ci --no-audit --no-fund --ignore-scripts --prefix $(CONTRACT_TOOLING)
	@touch $@

## spec-lint: Spectral lint of openapi/*.yaml with conformance/tooling/.spectral.yaml; fails on warnings too
spec-lint: $(CONTRACT_NODE_MODULES)
	$(CONTRACT_BIN)/spectral lint --ruleset $(CONTRACT_TOOLING)/.spectral.yaml --fail-severity warn $(CONTRACT_SPECS)

## spec-breaking: oasdiff breaking-change check against conformance/baseline/ (and proof that it detects one)
spec-breaking:
	GO=$(GO) sh $(CONTRACT_TOOLING)/check-breaking.sh
	GO=$(GO) sh $(CONTRACT_TOOLING)/prove-breaking-check.sh

## spec-baseline: accept the current openapi/*.yaml as the breaking-change baseline (review the diff!)
spec-baseline:
	cp $(CONTRACT_SPECS) conformance/baseline/
	@git --no-pager diff --stat -- conformance/baseline/ 2>/dev/null || true

## ts-check: generate TypeScript types from openapi/*.yaml and type-check the openapi-fetch client
ts-check: $(CONTRACT_NODE_MODULES)
	rm -rf $(CONTRACT_TOOLING)/ts/generated
	$(foreach api,$(CONTRACT_APIS),$(CONTRACT_BIN)/openapi-typescript openapi/$(api).yaml -o $(CONTRACT_TOOLING)/ts/generated/$(api).d.ts &&) true
	$(CONTRACT_BIN)/tsc --noEmit -p $(CONTRACT_TOOLING)/ts/tsconfig.json

## contract-tooling: spec-lint, spec-breaking and ts-check
contract-tooling: spec-lint spec-breaking ts-check
