#!/bin/sh
# tests/imap.test.sh — the IMAP inbox against a private Dovecot.
#
# Starts Dovecot on loopback (tests/e2e/dovecot.sh), then:
#
#  1. runs $BUILD/tests/test_imap (the module itself: fetch, done, size
#     limit, STARTTLS, refused certificates, IDLE, server restarts) with the
#     server's coordinates in the environment;
#  2. end to end with $BUILD/dondocd on an imaps:// inbox:
#     a. a directive delivered while the daemon waits in IDLE is registered
#        within seconds (the daemon's own wait is 60 s, so only IDLE can do
#        it), and SIGTERM ends that wait at once;
#     b. 200 directives arrive while the daemon is killed with SIGKILL at
#        random moments and started again; at the end every directive is
#        registered exactly once and nothing is left pending on the server.
#
# Skips (exit 0, with a line saying why) when Dovecot or the programs are
# missing; exits non-zero, saying what failed, on any failure.
# N_CHAOS=n changes the 200; IMAP_TEST_TRACE=1 prints each kill cycle;
# DOVECOT_KEEP=1 keeps the temp dir (Dovecot's and dondocd's logs, the store).
BUILD=${BUILD:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PROG=$BUILD/tests/test_imap
DAEMON=$BUILD/dondocd
N_CHAOS=${N_CHAOS:-200}

if [ ! -x "$PROG" ]; then
	echo "imap.test.sh: SKIP: $PROG not built"
	exit 0
fi
if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
	echo "imap.test.sh: SKIP: dovecot not installed (scripts/install-deps.sh)"
	exit 0
fi

. "$HERE/e2e/dovecot.sh"
DOVECOT_HARNESS=$HERE/e2e/dovecot.sh
export DOVECOT_HARNESS

fail() {
	echo "imap.test.sh: FAIL: $*"
	if [ -n "${DAEMON_LOG:-}" ] && [ -f "$DAEMON_LOG" ]; then
		echo "--- the end of dondocd's log:"
		tail -20 "$DAEMON_LOG"
	fi
	echo "--- the end of Dovecot's log:"
	tail -20 "$DOVECOT_LOG"
	exit 1
}

DAEMON_PID=""
cleanup() {
	if [ -n "$DAEMON_PID" ]; then
		kill -9 "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
	fi
	dovecot_cleanup
}

dovecot_setup || { echo "imap.test.sh: FAIL: cannot set up Dovecot"; exit 1; }
trap cleanup EXIT
export DOVECOT_CA DOVECOT_LOG
dovecot_start || { echo "imap.test.sh: FAIL: Dovecot does not start"; exit 1; }

# ---- 1. the module ----------------------------------------------------------

T0=$(date +%s)
elapsed() { echo "   ($(($(date +%s) - T0)) s so far)"; }
echo "== test_imap against Dovecot"
"$PROG" || fail "$PROG"
elapsed

# ---- 2. the daemon ------------------------------------------------------------

if [ ! -x "$DAEMON" ]; then
	echo "imap.test.sh: ok (end-to-end part skipped: $DAEMON not built)"
	exit 0
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "imap.test.sh: ok (end-to-end part skipped: no sqlite3 tool)"
	exit 0
fi

D=$DOVECOT_DIR/daemon
mkdir -p "$D/outbox/new" "$D/outbox/cur" "$D/outbox/tmp" || fail "mkdir $D"
DAEMON_LOG=$D/dondocd.log
head -c 32 /dev/urandom | base64 >"$D/reply.key"
chmod 600 "$D/reply.key"
cat >"$D/dondoc.conf" <<EOF
[office]
name = Test office
address = theodoinhiemvu@tuyenquang.gov.vn
submitters = vanthu@tuyenquang.gov.vn
[store]
path = $D/dondoc.db
[inbox]
url = imaps://localhost:$DOVECOT_IMAPS_PORT/INBOX
user = $DOVECOT_USER
password_file = $DOVECOT_PASSWORD_FILE
ca_file = $DOVECOT_CA
[smtp]
url = maildir:$D/outbox
[units]
file = $ROOT/data/units.csv
[reply]
secret_file = $D/reply.key
EOF

# The directive e-mail as a template: directive_v1.txt with its number
# 123/UBND-TH made @N@/UBND-TH, and the Message-ID e2e-@N@@test.invalid.
sed 's|123/UBND-TH|@N@/UBND-TH|' "$HERE/data/daemon/directive_v1.txt" >"$D/directive.txt"
sh "$ROOT/scripts/mkmail.sh" --from vanthu@tuyenquang.gov.vn --subject "Công văn (e2e)" \
	--message-id "e2e-@N@@test.invalid" --body-file "$D/directive.txt" >"$D/directive.eml" ||
	fail "mkmail"

# deliver NUMBER: the directive numbered NUMBER/UBND-TH into INBOX (Maildir
# delivery: tmp/, then new/).
deliver() {
	sed "s|@N@|$1|g" "$D/directive.eml" >"$DOVECOT_MAILDIR/tmp/e2e-$1.test" &&
	mv "$DOVECOT_MAILDIR/tmp/e2e-$1.test" "$DOVECOT_MAILDIR/new/e2e-$1.test"
}

# How many documents have the number $1/UBND-TH.
registered() {
	sqlite3 "$D/dondoc.db" "select count(*) from documents where number = '$1/UBND-TH'" 2>/dev/null || echo 0
}

# G_MESSAGES_DEBUG: the info lines too ("processed before, marked done").
G_MESSAGES_DEBUG=dondocd
export G_MESSAGES_DEBUG

start_daemon() {
	"$DAEMON" -c "$D/dondoc.conf" >>"$DAEMON_LOG" 2>&1 &
	DAEMON_PID=$!
}

# Wait for the daemon to end (up to $1 tenths of a second); 1 if it did not.
# (A dead child stays a zombie until `wait`: dovecot_alive says dead.)
wait_daemon_gone() {
	_i=0
	while dovecot_alive "$DAEMON_PID"; do
		[ $_i -ge "$1" ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
	return 0
}

# A random integer in [0, $1).
random_below() {
	echo $(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1))
}

# -- a. registered while waiting in IDLE; SIGTERM ends the wait

echo "== dondocd: a directive delivered while it waits in IDLE"
logins=$(dovecot_login_count)
start_daemon
i=0
while [ "$(dovecot_login_count)" -le "$logins" ]; do
	[ $i -ge 100 ] && fail "dondocd did not log in within 10 s"
	kill -0 "$DAEMON_PID" 2>/dev/null || fail "dondocd exited at start"
	sleep 0.1
	i=$((i + 1))
done
sleep 1                     # past its first fetch, into IDLE
deliver 501 || fail "cannot deliver"
i=0
while [ "$(registered 501)" != 1 ]; do
	[ $i -ge 100 ] && fail "a directive delivered during IDLE was not registered within 10 s"
	sleep 0.1
	i=$((i + 1))
done
echo "   registered after $((i / 10)).$((i % 10)) s"
sleep 1                     # back in IDLE
kill -TERM "$DAEMON_PID"
wait_daemon_gone 50 || fail "dondocd did not stop within 5 s of SIGTERM while in IDLE"
elapsed

# -- b. SIGKILL at random moments while directives arrive

echo "== dondocd: $N_CHAOS directives, the daemon killed at random moments"
(
	n=1
	while [ $n -le "$N_CHAOS" ]; do
		deliver $((1000 + n)) || exit 1
		[ $((n % 20)) -eq 0 ] && sleep 0.1
		n=$((n + 1))
	done
) &
deliverer=$!
kills=0
while kill -0 "$deliverer" 2>/dev/null || [ $kills -lt 10 ]; do
	start_daemon
	sleep "0.$(random_below 10)$(random_below 10)"
	kill -9 "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
	kills=$((kills + 1))
	[ -n "${IMAP_TEST_TRACE:-}" ] && echo "cycle $kills $(date +%s.%N) delivered $(ls "$DOVECOT_MAILDIR/new" "$DOVECOT_MAILDIR/cur" | wc -l) registered $(sqlite3 "$D/dondoc.db" 'select count(*) from documents' 2>/dev/null)"
done
wait "$deliverer" || fail "delivering the directives failed"
echo "   $kills kills; then dondocd --once for the rest"
"$DAEMON" -c "$D/dondoc.conf" --once >>"$DAEMON_LOG" 2>&1 || fail "dondocd --once failed"

got=$(sqlite3 "$D/dondoc.db" "select count(*), count(distinct number) from documents
	where number glob '1[0-9][0-9][0-9]/UBND-TH'") || fail "cannot read the store"
[ "$got" = "$N_CHAOS|$N_CHAOS" ] ||
	fail "expected $N_CHAOS documents registered once each, got (count|distinct) $got"
dups=$(sqlite3 "$D/dondoc.db" "select number from documents group by number having count(*) > 1")
[ -z "$dups" ] || fail "registered more than once: $dups"
pending=$(doveadm -c "$DOVECOT_CONF" search -u "$DOVECOT_USER" mailbox INBOX unkeyword '$DondocDone' |
	wc -l) || fail "doveadm search failed"
[ "$pending" -eq 0 ] || fail "$pending messages left without \$DondocDone on the server"
again=$(grep -c "processed before, marked done" "$DAEMON_LOG")
echo "   $N_CHAOS registered exactly once, none pending" \
	"($again fetched again after a kill between the commit and the flag)"
elapsed

echo "imap.test.sh: ok"
