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
	quickadd:FuzzParse
)
# fuzz PKG FUNC TIME: one target; its output without the progress lines.
fuzz() {
	"$GO" test -run='^$' -fuzz="^${2}\$" -fuzztime="$3" "./$1" 2>&1 | grep -Ev '^fuzz: elapsed'
	return "${PIPESTATUS[0]}"
}

for t in "${TARGETS[@]}"; do
	pkg=${t%%:*}
	fn=${t#*:}
	echo "fuzz: ./$pkg $fn for $TIME"
	if out=$(fuzz "$pkg" "$fn" "$TIME"); then
		echo "$out"
		continue
	fi
	echo "$out"
	# A package whose TestMain makes a database can take longer than a
	# short FUZZTIME to start its workers; the fuzzer then reports the
	# deadline, not a finding (no input saved). Give it one longer try.
	if grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written' <<<"$out"; then
		echo "fuzz: $fn: workers did not start within $TIME; once more for 15s"
		if out=$(fuzz "$pkg" "$fn" 15s); then
			echo "$out"
			continue
		fi
		echo "$out"
	fi
	echo "fuzz: $fn failed (see ./$pkg/testdata/fuzz/$fn/)" >&2
	exit 1
done
