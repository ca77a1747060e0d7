#!/bin/sh
# daemon.test.sh — dondocd end to end with the real programs over a Maildir
# inbox and outbox:
#   1. --check-config accepts a good file and names the line of a bad one;
#   2. `dondocd --once` registers a DOCX, a PDF and a body-text directive,
#      marks them done (cur/, flag S) and writes one acknowledgement each;
#   3. running it again changes nothing;
#   4. the loop picks up a message dropped into new/ while it waits
#      (inotify), survives a SIGHUP with a broken config, stops on SIGTERM;
#   5. 200 directives dropped in while the daemon is killed with SIGKILL at
#      pseudo-random moments (a fixed seed) and restarted: after a last
#      --once every directive is registered exactly once.
# Every run uses --now, so nothing depends on the wall clock.
set -eu
BUILD=${BUILD:-build}
ROOT=$(pwd)
DONDOCD="$ROOT/$BUILD/dondocd"
DONDOC="$ROOT/$BUILD/dondoc"
MKMAIL="sh $ROOT/scripts/mkmail.sh"
NOW=2025-03-12T09:00:00+07:00
CLERK=vanthu@tuyenquang.gov.vn
T=$(mktemp -d)
DAEMON_PID=""
cleanup() {
	[ -z "$DAEMON_PID" ] || kill -9 "$DAEMON_PID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "daemon.test.sh: FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }

# A config in directory $1 (store, inbox, outbox inside it).
write_config() {
	mkdir -p "$1"
	cat >"$1/dondoc.conf" <<EOF
[office]
name = Văn phòng UBND tỉnh Tuyên Quang
address = theodoinhiemvu@tuyenquang.gov.vn
submitters = $CLERK
[store]
path = dondoc.db
[inbox]
url = maildir:inbox
[smtp]
url = maildir:outbox
[units]
file = $ROOT/data/units.csv
EOF
	mkdir -p "$1/inbox/new" "$1/inbox/cur" "$1/inbox/tmp"
}

# drop DIR NAME: a message from stdin into DIR/inbox/new as a mail server does.
drop() {
	cat >"$1/inbox/tmp/$2"
	mv "$1/inbox/tmp/$2" "$1/inbox/new/$2"
}

count() { sqlite3 "$1/dondoc.db" "$2"; }
ndocs() { "$DONDOC" -c "$1/dondoc.conf" documents --json | wc -l; }

# ---- 1. --check-config --------------------------------------------------------
A=$T/a
write_config "$A"
"$DONDOCD" --check-config -c "$A/dondoc.conf" >/dev/null || fail "check-config of a good file"
printf '[office]\naddress = x@y.vn\n[schedule]\nsend_at = 25:00\n' >"$T/bad.conf"
if "$DONDOCD" --check-config -c "$T/bad.conf" 2>"$T/bad.err"; then fail "a bad config passed"; fi
grep -q 'bad.conf:4: \[schedule\] send_at:' "$T/bad.err" || fail "check-config message: $(cat "$T/bad.err")"
ok "check-config"

# ---- 2. --once registers --------------------------------------------------------
$MKMAIL --from $CLERK --subject "Công văn 86/VP-THCB" --message-id d1@tq.test \
	--attach "$ROOT/tests/corpus/dev01.docx" | drop "$A" m1
$MKMAIL --from $CLERK --subject "Kế hoạch 58/KH-UBND" --message-id d2@tq.test \
	--attach "$ROOT/tests/corpus/dev04.pdf" | drop "$A" m2
$MKMAIL --from $CLERK --subject "Công văn 123/UBND-TH" --message-id d3@tq.test \
	--body-file "$ROOT/tests/data/daemon/directive_v1.txt" | drop "$A" m3
(cd "$A" && "$DONDOCD" -c dondoc.conf --once --now $NOW 2>"$T/once.log") ||
	fail "dondocd --once: $(cat "$T/once.log")"
[ "$(ndocs "$A")" -eq 3 ] || fail "3 documents expected, got $(ndocs "$A")"
[ -z "$(ls "$A/inbox/new")" ] || fail "messages left in new/"
[ "$(ls "$A/inbox/cur" | grep -c ':2,S$')" -eq 3 ] || fail "3 messages in cur/ with S expected"
[ "$(ls "$A/outbox/new" | wc -l)" -eq 3 ] || fail "3 acknowledgements expected"
grep -l '^In-Reply-To: <d2@tq.test>' "$A"/outbox/new/* >/dev/null || fail "no ack for d2"
[ "$(count "$A" "SELECT count(*) FROM outbox WHERE status = 'sent'")" -eq 3 ] || fail "outbox not sent"
"$DONDOC" -c "$A/dondoc.conf" documents --json | grep -q '"number":"58/KH-UBND"' || fail "58/KH-UBND"
ok "dondocd --once registers"

# ---- 3. again: nothing changes ----------------------------------------------------
before=$(sqlite3 "$A/dondoc.db" .dump | md5sum)
(cd "$A" && "$DONDOCD" -c dondoc.conf --once --now $NOW 2>>"$T/once.log") || fail "second --once"
after=$(sqlite3 "$A/dondoc.db" .dump | md5sum)
[ "$before" = "$after" ] || fail "the second run changed the store"
[ "$(ls "$A/outbox/new" | wc -l)" -eq 3 ] || fail "the second run sent mail"
ok "a second --once changes nothing"

# ---- 4. the loop: inotify, SIGHUP, SIGTERM --------------------------------------
B=$T/b
write_config "$B"
(cd "$B" && exec "$DONDOCD" -c dondoc.conf --now $NOW 2>"$T/loop.log") &
DAEMON_PID=$!
wait_for() {   # wait_for SECONDS COMMAND...: until the command succeeds
	n=$(($1 * 10)); shift
	while [ $n -gt 0 ]; do
		if "$@" 2>/dev/null; then return 0; fi
		sleep 0.1; n=$((n - 1))
	done
	return 1
}
has_docs() { [ -e "$B/dondoc.db" ] && [ "$(count "$B" "SELECT count(*) FROM documents")" -ge "$1" ]; }
wait_for 10 grep -q started "$T/loop.log" || fail "the daemon did not start: $(cat "$T/loop.log")"
sleep 0.3   # now waiting on inotify
$MKMAIL --from $CLERK --message-id loop1@tq.test \
	--body-file "$ROOT/tests/data/daemon/directive_v1.txt" | drop "$B" l1
wait_for 10 has_docs 1 || fail "the waiting daemon did not pick up the message"
ok "the loop picks up a message dropped in while waiting"

cp "$B/dondoc.conf" "$B/good.conf"
printf '[review]\nmin_confidence = 2\n' >>"$B/dondoc.conf"
kill -HUP $DAEMON_PID
wait_for 10 grep -q 'keeping the previous configuration' "$T/loop.log" || fail "bad reload not refused"
kill -0 $DAEMON_PID || fail "the daemon died on a bad reload"
sed 's|123/UBND-TH|124/UBND-TH|' "$ROOT/tests/data/daemon/directive_v1.txt" >"$T/v124.txt"
$MKMAIL --from $CLERK --message-id loop2@tq.test --body-file "$T/v124.txt" | drop "$B" l2
wait_for 10 has_docs 2 || fail "no processing after a refused reload"
cp "$B/good.conf" "$B/dondoc.conf"
kill -HUP $DAEMON_PID
wait_for 10 grep -q 'reloaded' "$T/loop.log" || fail "good reload not done"
kill -TERM $DAEMON_PID
status=0
wait $DAEMON_PID || status=$?
DAEMON_PID=""
[ $status -eq 0 ] || fail "exit status $status after SIGTERM"
grep -q stopped "$T/loop.log" || fail "no 'stopped' in the log"
ok "SIGHUP reloads (a bad config is refused), SIGTERM stops"

# ---- 5. SIGKILL at pseudo-random moments ------------------------------------------
C=$T/c
write_config "$C"
N=200
mkdir "$T/mails"
i=1
while [ $i -le $N ]; do
	sed "s|123/UBND-TH|$i/UBND-TH|" "$ROOT/tests/data/daemon/directive_v1.txt" >"$T/d.txt"
	$MKMAIL --from $CLERK --message-id "crash$i@tq.test" --body-file "$T/d.txt" >"$T/mails/$i"
	i=$((i + 1))
done
seed=12345
next_random() {   # a fixed linear congruential sequence: reproducible "random" moments
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	echo $((seed / 65536 % $1))
}
start_daemon() {
	(cd "$C" && exec "$DONDOCD" -c dondoc.conf --now $NOW 2>>"$T/crash.log") &
	DAEMON_PID=$!
}
start_daemon
i=1
kills=0
while [ $i -le $N ]; do
	batch=$(($(next_random 15) + 5))
	while [ $batch -gt 0 ] && [ $i -le $N ]; do
		drop "$C" "crash$i" <"$T/mails/$i"
		i=$((i + 1)); batch=$((batch - 1))
	done
	sleep "0.$(next_random 4)$(next_random 10)"
	kill -9 $DAEMON_PID 2>/dev/null || true
	wait $DAEMON_PID 2>/dev/null || true
	kills=$((kills + 1))
	start_daemon
done
sleep 0.5
kill -9 $DAEMON_PID 2>/dev/null || true
wait $DAEMON_PID 2>/dev/null || true
DAEMON_PID=""
(cd "$C" && "$DONDOCD" -c dondoc.conf --once --now $NOW 2>>"$T/crash.log") || fail "the final --once"
[ -z "$(ls "$C/inbox/new")" ] || fail "messages left in new/ after the final --once"
docs=$(count "$C" "SELECT count(*) FROM documents")
distinct=$(count "$C" "SELECT count(DISTINCT number) FROM documents")
msgs=$(count "$C" "SELECT count(*) FROM messages")
kinds=$(count "$C" "SELECT count(*) FROM messages WHERE kind = 'directive'")
tasks=$(count "$C" "SELECT count(*) FROM tasks")
acks=$(count "$C" "SELECT count(*) FROM outbox WHERE kind = 'ack'")
[ "$docs" -eq $N ] && [ "$distinct" -eq $N ] && [ "$msgs" -eq $N ] && [ "$kinds" -eq $N ] ||
	fail "after $kills kills: $docs documents ($distinct distinct), $msgs messages, $kinds directives"
[ "$tasks" -eq $((3 * N)) ] || fail "$tasks tasks, expected $((3 * N))"
[ "$acks" -eq $N ] || fail "$acks acknowledgements queued, expected $N"
[ "$(ndocs "$C")" -eq $N ] || fail "dondoc documents does not list $N"
ok "$N directives, $kills kills: each registered exactly once"
echo "daemon.test.sh: all passed"
