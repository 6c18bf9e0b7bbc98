#!/bin/sh
# make vulncheck: govulncheck (pinned in tools/go.mod) over glia's source and over a built glia
# binary, against Go's vulnerability database as published in the golang.org/x/vulndb module at
# the version pinned in tools/vulncheck/go.mod. The public database host is not reachable from
# every machine glia is built on, so the database is built locally from that module's data/osv
# entries by its own cmd/indexdb, once per version, into a cache directory.
#
# Usage: check.sh [DIR [BINARY]]  (DIR: the module to scan, default the repository; BINARY: also
# scan this binary). Exits 0 when govulncheck finds no vulnerability in code that is called,
# 3 when it does (govulncheck's own exit code), anything else on error.
set -eu

GO=${GO:-go}
root=$(cd "$(dirname "$0")/../.." && pwd)
target=$(cd "${1:-$root}" && pwd)
binary=${2:-}

version=$(cd "$root/tools/vulncheck" && $GO list -m -f '{{.Version}}' golang.org/x/vulndb)
db=${GLIA_VULNDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glia/vulndb}/$version
if [ ! -f "$db/index/db.json" ]; then
	echo "vulncheck: building the vulnerability database of golang.org/x/vulndb@$version in $db (once per version)"
	src=$(cd "$root/tools/vulncheck" && $GO mod download golang.org/x/vulndb &&
		$GO list -m -f '{{.Dir}}' golang.org/x/vulndb)
	mkdir -p "$(dirname "$db")"
	tmp=$(mktemp -d "$db.partial.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	# indexdb writes into a directory that must not exist yet.
	(cd "$root/tools/vulncheck" && $GO tool indexdb -vulns "$src/data/osv" -out "$tmp/db")
	mv "$tmp/db" "$db"
fi

govulncheck() { (cd "$root/tools" && $GO tool govulncheck -db "file://$db" "$@"); }

echo "vulncheck: source of $target (database golang.org/x/vulndb@$version)"
govulncheck -C "$target" ./...
if [ -n "$binary" ]; then
	echo "vulncheck: binary $binary"
	govulncheck -mode binary "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
fi
