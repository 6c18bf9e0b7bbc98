#!/bin/sh
# Refreshes the vendored Redoc bundle the API reference pages use (glia serves it itself, so
# the pages need no network when viewed). Pin a version, run, review, commit.
set -eu
version=${1:-2.5.4}
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "redoc@$version" --silent >/dev/null && tar xzf "redoc-$version.tgz")
cp "$tmp/package/bundles/redoc.standalone.js" "$tmp/package/bundles/redoc.standalone.js.LICENSE.txt" .
cp "$tmp/package/LICENSE" REDOC-LICENSE
sha256sum redoc.standalone.js
