#!/bin/sh
# Proves check-breaking.sh catches a breaking change: copies the current specs to a temporary
# directory, removes a required field from a response schema in the copy (the required
# `gl_repository` of the 200 answer to POST /api/v4/internal/allowed, schema AllowedSuccess in
# internal.yaml) and expects check-breaking.sh to fail on internal.yaml while the unmodified
# billing.yaml and scim.yaml still pass.
# Exits 0 only when the breaking change was detected. Nothing in the repository is modified.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glia-prove-breaking.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

cp "$root"/openapi/internal.yaml "$root"/openapi/billing.yaml "$root"/openapi/scim.yaml "$tmp"/

schema=AllowedSuccess
field=gl_repository

# Drop $field from the required list and the properties of components.schemas.$schema (a
# line-based edit of the copy, so the check needs no npm packages).
node - "$tmp/internal.yaml" "$schema" "$field" <<'JS'
const fs = require('fs');
const [file, schema, field] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').split('\n');
const start = lines.indexOf(`    ${schema}:`);
if (start < 0) { console.error('prove-breaking-check: schema ' + schema + ' not found'); process.exit(2); }
let end = start + 1;
while (end < lines.length && (lines[end] === '' || lines[end].startsWith('      '))) end++;
const block = lines.slice(start, end);
const req = block.findIndex(l => /^      required:/.test(l));
if (req < 0) { console.error('prove-breaking-check: ' + schema + ' has no required list'); process.exit(2); }
let changed = false;
// Flow style: required: [a, b, ...]
if (/\[.*\]/.test(block[req])) {
  const items = block[req].replace(/^.*\[|\].*$/g, '').split(',').map(s => s.trim()).filter(Boolean);
  if (items.includes(field)) {
    block[req] = '      required: [' + items.filter(i => i !== field).join(', ') + ']';
    changed = true;
  }
} else {
  // Block style: required: followed by "        - a" lines
  for (let i = req + 1; i < block.length && /^        - /.test(block[i]); i++) {
    if (block[i].trim() === '- ' + field) { block.splice(i, 1); changed = true; break; }
  }
}
// Remove the property definition and its indented body.
const props = block.findIndex(l => /^      properties:/.test(l));
const p = props < 0 ? -1 : block.findIndex((l, i) => i > props && l === `        ${field}:`);
if (p >= 0) {
  let q = p + 1;
  while (q < block.length && (block[q].startsWith('          ') || block[q] === '')) q++;
  block.splice(p, q - p);
}
if (!changed || p < 0) { console.error('prove-breaking-check: could not remove ' + schema + '.' + field); process.exit(2); }
lines.splice(start, end - start, ...block);
fs.writeFileSync(file, lines.join('\n'));
JS

if cmp -s "$root/openapi/internal.yaml" "$tmp/internal.yaml"; then
	echo "prove-breaking-check: the copy was not modified" >&2
	exit 2
fi

echo "prove-breaking-check: removed required response field $schema.$field in a temporary copy of internal.yaml"
out=$tmp/out.txt
if sh "$root/conformance/tooling/check-breaking.sh" "$root/conformance/baseline" "$tmp" >"$out" 2>&1; then
	cat "$out"
	echo "prove-breaking-check: FAILED: check-breaking.sh accepted a removed required response field" >&2
	exit 1
fi
if ! grep -q "internal.yaml has breaking changes" "$out" || grep -q "billing.yaml has breaking changes\|scim.yaml has breaking changes\|no baseline" "$out"; then
	cat "$out"
	echo "prove-breaking-check: FAILED: check-breaking.sh failed, but not (only) on internal.yaml" >&2
	exit 1
fi
grep -i "$field" "$out" | head -5
echo "prove-breaking-check: OK: the breaking change was detected"
