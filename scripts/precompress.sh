#!/usr/bin/env bash
# Packs every served style sheet and script with zopfli, as served (minified,
# after the compile hint line assets.Load puts first): the vendored scripts'
# copies beside them (assets/js/*.min.js.gz), the app's own in
# assets/packed/. Run it after copying a new htmx or htmx-ext-sse, and after
# changing assets/css or the app's scripts; assets' tests check the copies
# hold the served bytes. Needs Debian's zopfli package (apt-get install zopfli).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v zopfli >/dev/null || {
	echo "precompress: zopfli is missing: apt-get install zopfli" >&2
	exit 1
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go run ./scripts/served "$tmp"
pack() { # served-name destination
	zopfli --i1000 -c "$tmp/$1" > "$2"
	echo "$2: $(wc -c < "$2") bytes"
}
pack htmx.js assets/js/htmx.min.js.gz
pack sse.js assets/js/htmx-ext-sse.min.js.gz
for name in app.css app.js drag.js keys.js; do
	pack "$name" "assets/packed/$name.gz"
done
