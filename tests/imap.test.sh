#!/bin/sh
# tests/imap.test.sh — the IMAP inbox against a private Dovecot.
#
# Starts Dovecot on loopback (tests/e2e/dovecot.sh) and runs
# $BUILD/tests/test_imap with the server's coordinates in the environment.
# Skips (exit 0, with a line saying why) when Dovecot or the test program
# is missing; fails (non-zero) when any test fails.
BUILD=${BUILD:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
PROG=$BUILD/tests/test_imap

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

dovecot_setup || { echo "imap.test.sh: FAIL: cannot set up Dovecot"; exit 1; }
export DOVECOT_CA DOVECOT_LOG
dovecot_start || { echo "imap.test.sh: FAIL: Dovecot does not start"; exit 1; }

if ! "$PROG"; then
	echo "imap.test.sh: FAIL: $PROG; the end of Dovecot's log:"
	tail -30 "$DOVECOT_LOG"
	exit 1
fi
echo "imap.test.sh: ok"
