#!/usr/bin/env bash
# Packs the vendored scripts (assets/js/*.min.js) with zopfli, as served:
# after the compile hint line assets.Load puts first. Run it after copying a
# new htmx or htmx-ext-sse; assets' tests check the copies match.
# Needs Debian's zopfli package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../assets/js"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for f in *.min.js; do
	{ printf '//# allFunctionsCalledOnLoad\n'; cat "$f"; } > "$tmp/$f"
	zopfli --i1000 -c "$tmp/$f" > "$f.gz"
	echo "$f.gz: $(wc -c < "$f.gz") bytes"
done
