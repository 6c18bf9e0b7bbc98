#!/bin/sh
# Fails when openapi/{internal,billing,scim}.yaml break compatibility with the baseline in
# conformance/baseline/ (oasdiff, "ERR"-level breaking changes: removed paths, operations or
# response fields, new required request fields, narrowed types, ...).
#
# Usage: conformance/tooling/check-breaking.sh [BASELINE_DIR [SPEC_DIR]]   (from anywhere)
# Updating the baseline is a deliberate act: `make spec-baseline` (conformance/baseline/README.md).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
baseline=${1:-$root/conformance/baseline}
specs=${2:-$root/openapi}
GO=${GO:-go}
# Absolute, because oasdiff runs from the repo root.
baseline=$(cd "$baseline" && pwd)
specs=$(cd "$specs" && pwd)

status=0
for api in internal billing scim; do
	if [ ! -f "$baseline/$api.yaml" ]; then
		echo "check-breaking: no baseline $baseline/$api.yaml (run 'make spec-baseline')" >&2
		exit 2
	fi
	echo "oasdiff breaking: $api"
	# Run from the repo root so -modfile finds tools/go.mod; paths are absolute.
	if ! (cd "$root" && "$GO" tool -modfile=tools/go.mod oasdiff breaking --fail-on ERR --color never \
		"$baseline/$api.yaml" "$specs/$api.yaml"); then
		echo "check-breaking: $api.yaml has breaking changes against the baseline" >&2
		status=1
	fi
done
exit $status
