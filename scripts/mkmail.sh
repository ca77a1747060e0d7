#!/bin/sh
# Writes one e-mail (RFC 5322 + MIME) to stdout, for the demo and the
# daemon's tests:
#
#   sh scripts/mkmail.sh --from ADDR [--to ADDR] [--subject TEXT]
#       [--message-id ID] [--date RFC5322-DATE] [--header 'Name: value']...
#       [--body TEXT | --body-file FILE] [--attach FILE]...
#
# The subject is RFC 2047 encoded (UTF-8, base64); the body is text/plain
# UTF-8 (8bit); each attachment is base64 with its file name, and a
# content type from its extension (pdf, docx, odt; else octet-stream).
set -eu
from="" to="theodoinhiemvu@tuyenquang.gov.vn" subject="" msgid="" date="Mon, 03 Jun 2019 08:00:00 +0700"
body="" body_file="" headers="" attachments=""
nl='
'
while [ $# -gt 0 ]; do
	case "$1" in
	--from) from=$2; shift 2 ;;
	--to) to=$2; shift 2 ;;
	--subject) subject=$2; shift 2 ;;
	--message-id) msgid=$2; shift 2 ;;
	--date) date=$2; shift 2 ;;
	--header) headers="$headers$2$nl"; shift 2 ;;
	--body) body=$2; shift 2 ;;
	--body-file) body_file=$2; shift 2 ;;
	--attach) attachments="$attachments$2$nl"; shift 2 ;;
	*) echo "mkmail: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$from" ] || { echo "mkmail: --from is required" >&2; exit 2; }
[ -n "$msgid" ] || msgid="mkmail.$$.$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')@example.invalid"

printf 'From: %s\r\nTo: %s\r\n' "$from" "$to"
printf 'Subject: =?UTF-8?B?%s?=\r\n' "$(printf '%s' "$subject" | base64 -w0)"
printf 'Date: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n' "$date" "$msgid"
[ -z "$headers" ] || printf '%s' "$headers" | sed 's/$/\r/'

text_part() {
	printf 'Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
	if [ -n "$body_file" ]; then sed 's/$/\r/' "$body_file"; else printf '%s\r\n' "$body"; fi
}

if [ -z "$attachments" ]; then
	text_part
	exit 0
fi
boundary="=_mkmail_$$"
printf 'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' "$boundary"
printf -- '--%s\r\n' "$boundary"
text_part
printf '%s' "$attachments" | while IFS= read -r f; do
	name=$(basename "$f")
	case "$name" in
	*.pdf) type=application/pdf ;;
	*.docx) type=application/vnd.openxmlformats-officedocument.wordprocessingml.document ;;
	*.odt) type=application/vnd.oasis.opendocument.text ;;
	*) type=application/octet-stream ;;
	esac
	printf -- '--%s\r\nContent-Type: %s; name="%s"\r\n' "$boundary" "$type" "$name"
	printf 'Content-Disposition: attachment; filename="%s"\r\nContent-Transfer-Encoding: base64\r\n\r\n' "$name"
	base64 -w76 "$f" | sed 's/$/\r/'
done
printf -- '--%s--\r\n' "$boundary"
