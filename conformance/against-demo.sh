#!/bin/sh
# The conformance suite out of process, as a user runs it: a fresh `glia serve --demo` from the
# binary, and beside it the twins the suite needs (the same demo world and secrets, one switch
# set otherwise), each a process of its own over its own private PostgreSQL. Then
# `make conformance BASE_URL=…` against them, which must produce every documented status.
#
# Usage: conformance/against-demo.sh [path/to/glia]   (default bin/glia; `make build` makes it)
set -eu

glia=$(realpath "${1:-bin/glia}")
work=$(mktemp -d)
# glia running as root hands its cluster to the postgres user, which must enter the directory.
chmod 755 "$work"
pids=""
cleanup() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	for pid in $pids; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# start NAME FLAGS…: serve the demo world on a free loopback port; its output goes to
# $work/NAME.out, its log to $work/NAME.log.
start() {
	name=$1
	shift
	"$glia" serve --demo --listen 127.0.0.1:0 --data-dir "$work/$name" "$@" >"$work/$name.out" 2>"$work/$name.log" &
	pids="$pids $!"
}

# url_of NAME: the base URL NAME announced once ready (waiting up to two minutes).
url_of() {
	for _ in $(seq 240); do
		url=$(sed -n 's/^glia is ready at \([^ ]*\).*/\1/p' "$work/$1.out")
		if [ -n "$url" ]; then
			echo "$url"
			return
		fi
		sleep 0.5
	done
	echo "$1 did not start:" >&2
	cat "$work/$1.out" "$work/$1.log" >&2
	exit 1
}

# twin NAME FLAGS…: start a server that takes the main server's secrets, so every credential of
# demo.json opens it too.
twin() {
	name=$1
	shift
	start "$name" --shell-secret-file "$work/main/.gitlab_shell_secret" --kas-secret-file "$work/main/.gitlab_kas_secret" \
		--error-tracking-token-file "$work/main/.gitlab_error_tracking_token" "$@"
}

start main
main=$(url_of main)
printf 'conformance-geo-secret-access-key\n' >"$work/geo-secret"
twin saml-off --group-saml=false
twin geo-secondary --geo-primary-url https://primary.conformance.test \
	--geo-access-key conformance-site --geo-secret-access-key-file "$work/geo-secret"
twin hurried --access-check-timeout 1ns
twin kas-off --kas-api=false
saml_off=$(url_of saml-off)
geo_secondary=$(url_of geo-secondary)
hurried=$(url_of hurried)
kas_off=$(url_of kas-off)

GLIA_CONFORMANCE_DEMO_JSON="$work/main/demo.json" \
	GLIA_CONFORMANCE_SAML_OFF_BASE_URL="$saml_off" \
	GLIA_CONFORMANCE_GEO_SECONDARY_BASE_URL="$geo_secondary" \
	GLIA_CONFORMANCE_ACCESS_CHECK_TIMEOUT_BASE_URL="$hurried" \
	GLIA_CONFORMANCE_KAS_API_OFF_BASE_URL="$kas_off" \
	make --no-print-directory conformance BASE_URL="$main"
