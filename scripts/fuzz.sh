#!/usr/bin/env bash
# Run every fuzz target for a while: scripts/fuzz.sh [FUZZTIME] (default 3s).
# `make test` runs it briefly after the tests; `make fuzz` runs it longer.
# The handlers and cache packages' TestMain needs Postgres and Redis, so
# run it with DATABASE_URL/REDIS_URL set (the Makefile does).
# A failure leaves the input under PKG/testdata/fuzz/FUNC/: commit it as a
# regression case once fixed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TIME=${1:-3s}
GO=${GO:-go}
TARGETS=(
	calendar:FuzzParseDate
	calendar:FuzzParseLocal
	handlers:FuzzEventForm
	handlers:FuzzSafeNext
	events:FuzzParseID
	events:FuzzParseOcc
	events:FuzzEventRepeat
	views:FuzzRepeatForm
	cache:FuzzDecodeRecord
	cache:FuzzNormalize
	accounts:FuzzDecodeSession
	ical:FuzzDecode
)
for t in "${TARGETS[@]}"; do
	pkg=${t%%:*}
	fn=${t#*:}
	echo "fuzz: ./$pkg $fn for $TIME"
	"$GO" test -run='^$' -fuzz="^${fn}\$" -fuzztime="$TIME" "./$pkg" | grep -Ev '^fuzz: elapsed' || {
		echo "fuzz: $fn failed (see ./$pkg/testdata/fuzz/$fn/)" >&2
		exit 1
	}
done
