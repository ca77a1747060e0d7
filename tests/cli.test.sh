#!/bin/sh
# The store commands of `dondoc -c FILE COMMAND`, driven only through the
# public command line: a config in a temporary directory (store, units =
# tests/corpus/units.csv, Maildir inbox and outbox), then units import and
# list (an address change and a unit dropped), holidays list, workdays add,
# the empty listings (documents, tasks, outbox), the errors and exit
# statuses (0 ok, 1 failure, 2 usage), and the alignment of the tables with
# Vietnamese text. Tasks in the store come with `dondoc import` (ingestion);
# until then the task commands are checked on their error paths here, and
# the data layer in tests/test_store.c.
set -u
BUILD=${BUILD:-build}
DONDOC=$(cd "$BUILD" && pwd)/dondoc
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run EXPECTED_STATUS ARGS...: dondoc -c the config ARGS, output in $tmp/out, $tmp/err
run() {
	want=$1
	shift
	"$DONDOC" -c "$tmp/dondoc.conf" --now 2026-12-01T08:05:00+07:00 "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "dondoc $* exited $got, not $want: $(head -3 "$tmp/err")"
}

# has FILE TEXT: FILE (out or err) contains TEXT
has() {
	grep -qF -- "$2" "$tmp/$1" || fail "expected '$2' in the $1 of the last command, got: $(head -5 "$tmp/$1")"
}

lines() {
	n=$(wc -l <"$tmp/out")
	[ "$n" -eq "$1" ] || fail "expected $1 lines of output, got $n"
}

mkdir -p "$tmp/inbox/new" "$tmp/inbox/cur" "$tmp/inbox/tmp" "$tmp/sent/new" "$tmp/sent/cur" "$tmp/sent/tmp"
cat >"$tmp/dondoc.conf" <<EOF
[office]
address = theodoinhiemvu@tq.example.gov.vn
submitters = vanthu@tq.example.gov.vn
[store]
path = $tmp/dondoc.db
[inbox]
url = maildir:$tmp/inbox
[smtp]
url = maildir:$tmp/sent
[units]
file = $root/tests/corpus/units.csv
EOF

# -- before any store: queries say so, parse needs no config
run 1 tasks
has err "no store yet"
"$DONDOC" parse --units tests/corpus/units.csv --json tests/corpus/dev01.docx >"$tmp/out" 2>"$tmp/err" ||
	fail "dondoc parse without -c failed: $(head -3 "$tmp/err")"
"$DONDOC" -c "$tmp/missing.conf" tasks >/dev/null 2>"$tmp/err" && fail "a missing config was accepted"
"$DONDOC" -c "$tmp/dondoc.conf" --now yesterday tasks >/dev/null 2>&1
[ $? -eq 2 ] || fail "--now yesterday is not a usage error"
run 2 frobnicate

# -- units
run 0 units import
has out "412 units: 412 added, 0 changed (0 with new addresses), 0 removed, 0 restored, 0 unchanged"
run 0 units import "$root/tests/corpus/units.csv"
has out "412 unchanged"
# BG-STC gets a new address, BG-BAO leaves the directory
sed -e 's/^BG-STC,\(.*\),so-taichinh@bacgiang.example.gov.vn,/BG-STC,\1,taichinh@bacgiang.example.gov.vn,/' \
	-e '/^BG-BAO,/d' tests/corpus/units.csv >"$tmp/units2.csv"
run 0 units import "$tmp/units2.csv"
has out "411 units: 0 added, 1 changed (1 with new addresses), 1 removed, 0 restored, 410 unchanged"
run 0 units list --json
lines 411
has out '{"id":"BG-STC","name":"Sở Tài chính","emails":["taichinh@bacgiang.example.gov.vn"]'
run 0 units list --all --json
lines 412
has out '"id":"BG-BAO"'
grep -F '"id":"BG-BAO"' "$tmp/out" | grep -qF '"active":false' || fail "BG-BAO is not kept as inactive"
run 1 units import "$tmp/no-such.csv"
run 2 units

# -- tables: columns aligned in characters, not bytes
run 0 units list
python3 - "$tmp/out" <<'PY' || fail "units list: the EMAILS column is not aligned"
import sys
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
col = rows[0].index("EMAILS")
for r in rows[1:]:
    if "@" in r and not r.startswith("@"):
        if r[col - 2:col] != "  " or r[col] == " ":
            sys.exit(f"misaligned: {r!r}")
PY

# -- the empty listings
run 0 tasks
lines 1
has out "TASK"
run 0 tasks --json
lines 0
run 0 tasks --unit BG-STC --status open --json
lines 0
run 2 tasks --status finished
run 0 documents --json
lines 0
run 0 outbox --json
lines 0
run 0 outbox
has out "LAST ERROR"

# -- holidays and working days
run 0 holidays list 2026
has out "2026-02-17  Tue  off"
run 0 holidays list 2026 --json
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out" || fail "holidays --json is not JSON Lines"
has out '{"date":"2026-08-22","kind":"work"'
run 2 holidays list twenty
run 0 workdays add 2026-08-22 1
has out "2026-08-22 (Sat): already a working day"
run 0 workdays add 2026-05-04 0 "Nghỉ bù"
has out "2026-05-04 (Mon): a working day → a day off"
run 0 holidays list 2026
has out "2026-05-04  Mon  off   Nghỉ bù"
run 0 workdays add 2026-05-04 1
has out "a day off → a working day"
run 2 workdays add 2026-05-04 2
run 1 workdays add 2026-02-30 1

# -- task and outbox errors
run 1 task show 17
has err "dondoc: task 17: no such task"
run 1 task confirm NV-17
has err "task 17: no such task"
run 1 task close abc
has err "'abc' is not a task id"
run 1 task extend 17 2026-13-01
run 2 task edit 17
run 1 task edit 17 --due-kind sometimes
run 2 task frob 17
run 1 outbox retry 5
has err "outbox message 5: no such outbox message"

if [ "$failures" -gt 0 ]; then
	echo "cli.test.sh: $failures failed"
	exit 1
fi
echo "cli.test.sh: all passed"
