#!/bin/sh
# Proves check.sh fails on a known vulnerability: a temporary module that calls
# golang.org/x/text/language.Parse at v0.3.5, which Go's vulnerability database lists as
# GO-2021-0113 (an out-of-bounds read on crafted tags; fixed in v0.3.7). check.sh must exit 3
# (govulncheck: vulnerable code is called) and name that advisory. Nothing in the repository is
# modified.
set -eu

GO=${GO:-go}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glia-prove-vulncheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/go.mod" <<MOD
module example.com/vulnerable

go 1.27.3

require golang.org/x/text v0.3.5
MOD
cat >"$tmp/main.go" <<'GO'
package main

import (
	"fmt"

	"golang.org/x/text/language"
)

func main() { fmt.Println(language.Parse("en")) }
GO
(cd "$tmp" && $GO mod tidy >/dev/null 2>&1)

status=0
GO=$GO sh "$here/check.sh" "$tmp" >"$tmp/report" 2>&1 || status=$?
if [ "$status" -eq 3 ] && grep -q 'GO-2021-0113' "$tmp/report"; then
	echo "vulncheck bites: a call into golang.org/x/text@v0.3.5 is reported as GO-2021-0113"
	exit 0
fi
cat "$tmp/report"
echo "vulncheck did not catch GO-2021-0113 in golang.org/x/text@v0.3.5 (exit $status)"
exit 1
