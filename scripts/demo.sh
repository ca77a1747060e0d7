#!/bin/sh
# The embedded-default demo of `make run`: dondoc on one machine with no
# mail server. It sets up ./demo/ with
#   demo/dondoc.conf   the config (relative paths: everything inside demo/)
#   demo/inbox/        a Maildir inbox holding sample directive e-mails made
#                      from tests/corpus: DOCX and PDF attachments, one
#                      directive in the body, the PDF of an already sent
#                      DOCX (a duplicate), and one from a sender who may not
#                      submit (quarantined, told why)
#   demo/outbox/       a Maildir outbox: what dondoc would have sent
#   demo/dondoc.db     the SQLite store
# with the units of data/units.csv, runs `dondocd --once`, then shows the
# registered documents and tasks and one acknowledgement.
#
# `dondoc tasks` lists the tasks; a build without that command falls back
# to printing the store's tasks as JSON with the sqlite3 tool.
set -eu
BUILD=${1:-build}
ROOT=$(pwd)
DEMO=demo
NOW=2023-03-21T08:30:00+07:00
CLERK=vanthu@tuyenquang.gov.vn
MKMAIL="sh $ROOT/scripts/mkmail.sh"

rm -rf "$DEMO"
mkdir -p "$DEMO/inbox/new" "$DEMO/inbox/cur" "$DEMO/inbox/tmp"
cat >"$DEMO/dondoc.conf" <<CONF
# The demo of make run (scripts/demo.sh); paths are relative to this file.
[office]
name = Văn phòng UBND tỉnh Tuyên Quang
address = theodoinhiemvu@tuyenquang.gov.vn
submitters = $CLERK;*@vp.tuyenquang.gov.vn
[store]
path = dondoc.db
[inbox]
url = maildir:inbox
[smtp]
url = maildir:outbox
[units]
file = ../data/units.csv
CONF

# deliver NAME: stdin into the inbox as a mail server would (tmp/, then new/)
deliver() {
	cat >"$DEMO/inbox/tmp/$1"
	mv "$DEMO/inbox/tmp/$1" "$DEMO/inbox/new/$1"
}
$MKMAIL --from "$CLERK" --subject "Công văn 86/VP-THCB về phần mềm theo dõi nhiệm vụ" \
	--message-id demo1@tuyenquang.gov.vn --body "Kính chuyển Văn phòng theo dõi." \
	--attach tests/corpus/dev01.docx | deliver 1.demo
$MKMAIL --from "$CLERK" --subject "Kế hoạch 58/KH-UBND chuyển đổi số" \
	--message-id demo2@tuyenquang.gov.vn --body "Kính chuyển." \
	--attach tests/corpus/dev04.pdf | deliver 2.demo
$MKMAIL --from "$CLERK" --subject "Thông báo kết luận 96/TB-UBND" \
	--message-id demo3@tuyenquang.gov.vn --body "Kính chuyển." \
	--attach tests/corpus/dev05.docx | deliver 3.demo
$MKMAIL --from "$CLERK" --subject "Quyết định 1234/QĐ-UBND (nội dung trong thư)" \
	--message-id demo4@tuyenquang.gov.vn --body-file tests/corpus/text/dev14.txt | deliver 4.demo
$MKMAIL --from "$CLERK" --subject "Gửi lại bản PDF của công văn 86/VP-THCB" \
	--message-id demo5@tuyenquang.gov.vn --body "Bản PDF." \
	--attach tests/corpus/dev01.pdf | deliver 5.demo
$MKMAIL --from someone@example.com --subject "Văn bản cần theo dõi" \
	--message-id demo6@example.com --body "Nhờ đăng ký giúp." \
	--attach tests/corpus/dev02.docx | deliver 6.demo

echo "== dondocd --once over $DEMO/inbox (6 messages)"
"$BUILD/dondocd" -c "$DEMO/dondoc.conf" --once --now "$NOW"
echo
echo "== dondoc documents"
"$BUILD/dondoc" -c "$DEMO/dondoc.conf" --now "$NOW" documents
echo
echo "== dondoc tasks"
if "$BUILD/dondoc" help 2>/dev/null | grep -q ' tasks'; then
	"$BUILD/dondoc" -c "$DEMO/dondoc.conf" --now "$NOW" tasks
else
	sqlite3 -json "$DEMO/dondoc.db" "SELECT id, document, lead, support, due, due_kind, status, summary FROM tasks"
fi
echo
ack=$(grep -l '^In-Reply-To: <demo3@tuyenquang.gov.vn>' "$DEMO"/outbox/new/* | head -1)
echo "== the acknowledgement of 96/TB-UBND ($ack)"
tr -d '\r' <"$ack" | sed -n '/^$/,$p'
echo "== $(ls "$DEMO/outbox/new" | wc -l) messages written to $DEMO/outbox/new; the store is $DEMO/dondoc.db"
