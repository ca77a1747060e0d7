#!/bin/sh
# Runs the test programs given as arguments, then the script tests in
# tests/*.test.sh, and prints one closing line: "N passed, N failed".
# Each program is a cmocka suite; each script exits non-zero on failure.
BUILD=${BUILD:-build}
export BUILD
pass=0
fail=0
failed=""
for t in "$@"; do
	if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $t"; fi
done
for s in tests/*.test.sh; do
	[ -e "$s" ] || continue
	echo "== $s"
	if sh "$s"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $s"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
