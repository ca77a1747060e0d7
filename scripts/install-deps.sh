#!/bin/sh
# Installs every Debian package that dondoc's build, tests and benchmarks need.
# Idempotent: packages already present are left as they are. Uses sudo when not root.
set -eu

PACKAGES="
build-essential pkg-config clang libclang-rt-14-dev
libglib2.0-dev libjson-glib-dev
libpoppler-glib-dev poppler-utils
libzip-dev libxml2-dev
libetpan-dev libsqlite3-dev libsystemd-dev libgnutls28-dev
dovecot-imapd openssl sqlite3
libcmocka-dev
python3
libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie
"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
