# tests/e2e/dovecot.sh — a private Dovecot for the IMAP tests (POSIX sh).
#
# Source it, then:
#
#     dovecot_setup        temp dir, certificates, config, free ports
#     dovecot_start        start it and wait until both ports answer
#     imap_append FILE     deliver a message into the test user's INBOX
#     dovecot_restart      stop and start again on the same ports
#     dovecot_stop         stop it (the EXIT trap also does, and removes the dir)
#
# Nothing outside the temp dir is touched: config, base_dir, state_dir,
# logs and mail all live in $DOVECOT_DIR. It listens on three loopback
# addresses with the same ports, and the certificate depends on the address
# (Dovecot's `local` blocks):
#
#     127.0.0.1  "localhost"/127.0.0.1, signed by the test CA   (good)
#     127.0.0.2  "wrong.example", signed by the test CA         (wrong host)
#     127.0.0.3  "localhost"/127.0.0.3, self-signed             (untrusted)
#
# After dovecot_setup these are set and exported:
#     DOVECOT_DIR DOVECOT_CONF DOVECOT_LOG DOVECOT_CA
#     DOVECOT_IMAP_PORT (STARTTLS) DOVECOT_IMAPS_PORT
#     DOVECOT_USER DOVECOT_PASSWORD_FILE DOVECOT_MAILDIR
#
# Runs as the current user. As root, Dovecot's login and internal
# processes use the packaged dovenull/dovecot users and the mail belongs to
# "dovecot" (Dovecot refuses mail access as root); as anyone else every
# process runs as that user.

DOVECOT_USER=dondoc
DOVECOT_PASSWORD=dovecot-test-pw

# A free TCP port on 127.0.0.1 (the kernel picks it).
dovecot_free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# dovecot_cert NAME SUBJECT_CN SAN [self]: NAME.key and NAME.crt in the
# temp dir, signed by the test CA unless the fourth argument is "self".
dovecot_cert() {
	_name=$1 _cn=$2 _san=$3 _self=${4:-}
	_d=$DOVECOT_DIR/tls
	printf '%s\n' \
		"basicConstraints = critical, CA:FALSE" \
		"keyUsage = critical, digitalSignature, keyEncipherment" \
		"extendedKeyUsage = serverAuth" \
		"subjectAltName = $_san" >"$_d/$_name.ext"
	if [ "$_self" = self ]; then
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$_cn" \
			-keyout "$_d/$_name.key" -out "$_d/$_name.crt" \
			-addext "subjectAltName = $_san" \
			-addext "extendedKeyUsage = serverAuth" 2>/dev/null
	else
		openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$_cn" \
			-keyout "$_d/$_name.key" -out "$_d/$_name.csr" 2>/dev/null &&
		openssl x509 -req -in "$_d/$_name.csr" -days 2 \
			-CA "$_d/ca.crt" -CAkey "$_d/ca.key" -CAcreateserial \
			-extfile "$_d/$_name.ext" -out "$_d/$_name.crt" 2>/dev/null
	fi
}

# The test CA and the three server certificates.
dovecot_make_certs() {
	mkdir -p "$DOVECOT_DIR/tls" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dondoc test CA" \
		-keyout "$DOVECOT_DIR/tls/ca.key" -out "$DOVECOT_DIR/tls/ca.crt" \
		-addext "basicConstraints = critical, CA:TRUE" \
		-addext "keyUsage = critical, keyCertSign, cRLSign" 2>/dev/null || return 1
	dovecot_cert good localhost "DNS:localhost, IP:127.0.0.1" || return 1
	dovecot_cert wronghost wrong.example "DNS:wrong.example" || return 1
	dovecot_cert selfsigned localhost "DNS:localhost, IP:127.0.0.3" self || return 1
	DOVECOT_CA=$DOVECOT_DIR/tls/ca.crt
}

# The users, passwd-file and maildir; sets the user/group lines of the config.
dovecot_make_users() {
	_uid=$(id -u) _gid=$(id -g)
	if [ "$_uid" -eq 0 ]; then
		# Dovecot refuses mail access as root: use its own user
		_uid=$(id -u dovecot) _gid=$(id -g dovecot) || return 1
		_users="default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = $_uid
first_valid_gid = $_gid"
		# the auth process (user dovecot) reads the passwd-file
		chmod 755 "$DOVECOT_DIR"
	else
		_me=$(id -un) _mygroup=$(id -gn)
		_users="default_internal_user = $_me
default_internal_group = $_mygroup
default_login_user = $_me
first_valid_uid = $_uid
first_valid_gid = $_gid"
	fi
	printf '%s:{PLAIN}%s:%s:%s::%s\n' "$DOVECOT_USER" "$DOVECOT_PASSWORD" \
		"$_uid" "$_gid" "$DOVECOT_DIR/home" >"$DOVECOT_DIR/passwd"
	chmod 644 "$DOVECOT_DIR/passwd"
	mkdir -p "$DOVECOT_DIR/home" "$DOVECOT_MAILDIR/new" "$DOVECOT_MAILDIR/cur" \
		"$DOVECOT_MAILDIR/tmp" || return 1
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$_uid:$_gid" "$DOVECOT_DIR/home" "$DOVECOT_MAILDIR" || return 1
	fi
	# what the client reads with config_read_secret: owner-only
	printf '%s\n' "$DOVECOT_PASSWORD" >"$DOVECOT_PASSWORD_FILE"
	chmod 600 "$DOVECOT_PASSWORD_FILE"
}

dovecot_write_conf() {
	_t=$DOVECOT_DIR
	cat >"$DOVECOT_CONF" <<EOF
# written by tests/e2e/dovecot.sh
protocols = imap
listen = 127.0.0.1, 127.0.0.2, 127.0.0.3
base_dir = $_t/run
state_dir = $_t/state
instance_name = dondoc-test-$$
log_path = $_t/dovecot.log
info_log_path = $_t/dovecot.log
debug_log_path = $_t/dovecot.log
auth_verbose = yes
auth_failure_delay = 0 secs
login_log_format_elements = user=<%u> method=%m rip=%r lip=%l lport=%{lport} mpid=%e %c session=<%{session}>
$_users

ssl = required
ssl_cert = <$_t/tls/good.crt
ssl_key = <$_t/tls/good.key
ssl_min_protocol = TLSv1.2
local 127.0.0.2 {
  ssl_cert = <$_t/tls/wronghost.crt
  ssl_key = <$_t/tls/wronghost.key
}
local 127.0.0.3 {
  ssl_cert = <$_t/tls/selfsigned.crt
  ssl_key = <$_t/tls/selfsigned.key
}

disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN $_t/passwd
}
userdb {
  driver = passwd-file
  args = $_t/passwd
}
mail_location = maildir:$DOVECOT_MAILDIR
mailbox_idle_check_interval = 1 secs
namespace inbox {
  inbox = yes
  separator = /
  mailbox Done {
    auto = create
  }
}

service imap-login {
  inet_listener imap {
    port = $DOVECOT_IMAP_PORT
  }
  inet_listener imaps {
    port = $DOVECOT_IMAPS_PORT
    ssl = yes
  }
}
EOF
}

# Everything dovecot_start needs; call once per test script.
dovecot_setup() {
	for _tool in dovecot doveadm openssl python3; do
		command -v "$_tool" >/dev/null 2>&1 || {
			echo "dovecot.sh: $_tool not found (scripts/install-deps.sh)" >&2
			return 1
		}
	done
	[ -x /usr/sbin/dovecot ] && PATH=$PATH:/usr/sbin
	DOVECOT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dondoc-dovecot.XXXXXX") || return 1
	DOVECOT_CONF=$DOVECOT_DIR/dovecot.conf
	DOVECOT_LOG=$DOVECOT_DIR/dovecot.log
	DOVECOT_MAILDIR=$DOVECOT_DIR/mail
	DOVECOT_PASSWORD_FILE=$DOVECOT_DIR/password
	DOVECOT_IMAP_PORT=$(dovecot_free_port) || return 1
	DOVECOT_IMAPS_PORT=$(dovecot_free_port) || return 1
	export DOVECOT_DIR DOVECOT_CONF DOVECOT_LOG DOVECOT_MAILDIR DOVECOT_PASSWORD_FILE \
		DOVECOT_IMAP_PORT DOVECOT_IMAPS_PORT DOVECOT_USER
	trap dovecot_cleanup EXIT
	trap 'exit 130' INT TERM
	dovecot_make_certs || { echo "dovecot.sh: openssl failed" >&2; return 1; }
	export DOVECOT_CA
	dovecot_make_users || return 1
	dovecot_write_conf
}

# Is something listening on TCP port $1? (/proc/net/tcp: state 0A is LISTEN;
# faster than connecting, and it does not disturb the server.)
dovecot_listening() {
	awk -v port="$(printf '%04X' "$1")" '
		NR > 1 { split($2, a, ":"); if (a[2] == port && $4 == "0A") found = 1 }
		END { exit !found }' /proc/net/tcp
}

# Is process $1 alive? A zombie is not (the master's parent is init, which
# may reap it late; kill -0 would still succeed).
dovecot_alive() {
	{ read -r _line <"/proc/$1/stat"; } 2>/dev/null || return 1
	# shellcheck disable=SC2086
	set -- ${_line##*) }
	[ "$1" != Z ]
}

dovecot_start() {
	dovecot -c "$DOVECOT_CONF" || {
		echo "dovecot.sh: dovecot did not start; log:" >&2
		cat "$DOVECOT_LOG" >&2 2>/dev/null
		return 1
	}
	_i=0
	while [ $_i -lt 100 ]; do
		if dovecot_listening "$DOVECOT_IMAP_PORT" && dovecot_listening "$DOVECOT_IMAPS_PORT"; then
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "dovecot.sh: dovecot is not listening after 10 s; log:" >&2
	cat "$DOVECOT_LOG" >&2
	return 1
}

# The master's pid, or nothing when it does not run.
dovecot_pid() {
	[ -f "$DOVECOT_DIR/run/master.pid" ] || return 1
	_pid=$(cat "$DOVECOT_DIR/run/master.pid")
	dovecot_alive "$_pid" && echo "$_pid"
}

# The pids whose parent is $1 (read from /proc: procps may be absent).
dovecot_children() {
	_parent=$1
	for _stat in /proc/[0-9]*/stat; do
		{ read -r _line <"$_stat"; } 2>/dev/null || continue
		# "pid (comm) state ppid ...": the comm may hold spaces
		# shellcheck disable=SC2086
		set -- ${_line##*) }
		if [ "${2:-}" = "$_parent" ]; then
			_p=${_stat#/proc/}
			echo "${_p%/stat}"
		fi
	done
}

# Stop the master and its children. SIGTERM to all of them at once: imap
# processes outlive a stopped master by several seconds and go on serving
# their clients, and a restart must really drop the connections (each
# client gets "* BYE Server shutting down"). What still lives after half a
# second (the master waits for its log process for seconds) gets SIGKILL.
dovecot_stop() {
	_pid=$(dovecot_pid) || return 0
	_kids=$(dovecot_children "$_pid")
	# shellcheck disable=SC2086
	kill "$_pid" $_kids 2>/dev/null
	_i=0
	while dovecot_alive "$_pid" && [ $_i -lt 5 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	for _k in "$_pid" $_kids; do
		dovecot_alive "$_k" && kill -9 "$_k" 2>/dev/null
	done
	_i=0
	while dovecot_alive "$_pid" && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	# Dovecot refuses to start while the old master's pid answers kill(0),
	# which an unreaped zombie does.
	dovecot_alive "$_pid" || rm -f "$DOVECOT_DIR/run/master.pid"
	# the ports must be free before a restart
	_i=0
	while { dovecot_listening "$DOVECOT_IMAPS_PORT" || dovecot_listening "$DOVECOT_IMAP_PORT"; } &&
		[ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	return 0
}

dovecot_restart() {
	dovecot_stop && dovecot_start
}

# imap_append FILE [FLAGS]: deliver FILE into INBOX the Maildir way
# (write into tmp/, rename into new/); Dovecot sees it at its next sync
# or at once in IDLE (inotify). Prints the file name used.
imap_append() {
	_n=${DOVECOT_SEQ:-0}
	DOVECOT_SEQ=$((_n + 1))
	_base="$(date +%s).M${_n}P$$.dondoc-test"
	cp "$1" "$DOVECOT_MAILDIR/tmp/$_base" || return 1
	mv "$DOVECOT_MAILDIR/tmp/$_base" "$DOVECOT_MAILDIR/new/$_base" || return 1
	echo "$_base"
}

# How many successful logins the log shows so far.
dovecot_login_count() {
	grep -c 'imap-login: Info: Login: user=<' "$DOVECOT_LOG" 2>/dev/null || true
}

dovecot_cleanup() {
	dovecot_stop
	if [ -n "${DOVECOT_KEEP:-}" ]; then
		echo "dovecot.sh: kept $DOVECOT_DIR" >&2
	elif [ -n "${DOVECOT_DIR:-}" ] && [ -d "$DOVECOT_DIR" ]; then
		rm -rf "$DOVECOT_DIR"
	fi
}
