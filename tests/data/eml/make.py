#!/usr/bin/env python3
"""Generate the .eml fixtures of tests/test_eml.c (run from anywhere).

Every fixture is built by hand here, byte for byte, so the tests are
reproducible; the attachments are the corpus files tests/corpus/dev01.*.
"""
import base64
import os
import quopri
import unicodedata
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', '..', 'corpus')


def corpus(name):
    with open(os.path.join(CORPUS, name), 'rb') as f:
        return f.read()


def b64(data):
    s = base64.b64encode(data).decode()
    return '\r\n'.join(s[i:i + 76] for i in range(0, len(s), 76))


def word(text):
    """An RFC 2047 encoded word (UTF-8, base64)."""
    return '=?UTF-8?B?' + base64.b64encode(text.encode()).decode() + '?='


def cp1258(text):
    """windows-1258 bytes: tone marks as combining characters, as Windows does."""
    out = b''
    for ch in text:
        try:
            out += ch.encode('cp1258')
        except UnicodeEncodeError:
            d = unicodedata.normalize('NFD', ch)
            tone = [c for c in d if c in '\u0300\u0301\u0303\u0309\u0323'][0]
            base = unicodedata.normalize('NFC', d.replace(tone, ''))
            out += base.encode('cp1258') + tone.encode('cp1258')
    return out


def headers(subject, extra=''):
    return ('From: =?UTF-8?B?' + base64.b64encode('Văn thư UBND'.encode()).decode() +
            '?= <vanthu@tuyenquang.gov.vn>\r\n'
            'To: theodoinhiemvu@tuyenquang.gov.vn\r\n'
            'Date: Wed, 29 May 2019 08:15:00 +0700\r\n'
            'Message-ID: <fixture-%s@tuyenquang.gov.vn>\r\n'
            'Subject: %s\r\n'
            'MIME-Version: 1.0\r\n' % (zlib.crc32(subject.encode()) % 100000, subject) + extra)


def write(name, text):
    data = text.encode() if isinstance(text, str) else text
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


BODY = 'Kính gửi các cơ quan, đơn vị.\r\nVăn phòng gửi kèm văn bản.\r\n'

# 1. multipart/mixed, base64 DOCX attachment with an RFC 2231 file name
name = "Công văn 86.docx"
write('docx_2231.eml', headers(word('Công văn số 86/VP-THCB'),
      'Content-Type: multipart/mixed; boundary="=_b1"\r\n') +
      '\r\nThis is a multi-part message in MIME format.\r\n'
      '--=_b1\r\nContent-Type: text/plain; charset=utf-8\r\n'
      'Content-Transfer-Encoding: 8bit\r\n\r\n' + BODY +
      '--=_b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.'
      'wordprocessingml.document\r\nContent-Transfer-Encoding: base64\r\n'
      "Content-Disposition: attachment;\r\n filename*=UTF-8''" +
      urllib.parse.quote(name.encode()) + '\r\n\r\n' + b64(corpus('dev01.docx')) +
      '\r\n--=_b1--\r\n')

# 2. PDF attachment, RFC 2047 file name in both headers; RFC 2231 continuations
#    for a second, unrelated part (a logo) to check the continuation decoding
name = "Công văn 86.pdf"
q = urllib.parse.quote("Logo Ủy ban nhân dân.png".encode())
write('pdf_2047.eml', headers(word('Công văn 86'),
      'Content-Type: multipart/mixed; boundary="b2"\r\n') +
      '\r\n--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' + BODY +
      '--b2\r\nContent-Type: image/png; name="logo.png"\r\n'
      'Content-Transfer-Encoding: base64\r\n'
      "Content-Disposition: inline;\r\n filename*0*=UTF-8''" + q[:20] + ';\r\n'
      ' filename*1*=' + q[20:] + '\r\n\r\n' +
      b64(b'\x89PNG\r\n\x1a\n' + b'\0' * 32) + '\r\n'
      '--b2\r\nContent-Type: application/pdf; name="' + word(name) + '"\r\n'
      'Content-Transfer-Encoding: base64\r\n'
      'Content-Disposition: attachment; filename="' + word(name) + '"\r\n\r\n' +
      b64(corpus('dev01.pdf')) + '\r\n--b2--\r\n')

# 3. quoted-printable windows-1258 body, no attachment
text = ('UBND TỈNH TUYÊN QUANG\r\n'
        'Số: 12/UBND-TH\r\n'
        'Kính gửi: Sở Tài chính\r\n'
        '1. Sở Tài chính chủ trì rà soát, báo cáo trước ngày 15/6/2019.\r\n'
        '2. Sở Kế hoạch và Đầu tư phối hợp thực hiện.\r\n')
write('qp_1258.eml', headers('Van ban so 12', 'Content-Type: text/plain; charset=windows-1258\r\n'
                              'Content-Transfer-Encoding: quoted-printable\r\n').encode() +
      b'\r\n' + quopri.encodestring(cp1258(text).replace(b'\r\n', b'\n')).replace(b'\n', b'\r\n'))

# 4. HTML-only body: paragraphs, a table, a script, a style, entities
html = ('<html><head><title>ignored title</title><style>p{color:red}</style>'
        '<script>alert("x")</script></head><body>'
        '<div>UBND TỈNH TUYÊN QUANG</div><p>Số: 13/UBND-TH</p>'
        '<p>Kính gửi: Sở Tài chính &amp; Sở Kế hoạch và Đầu tư</p>'
        '<p>1. Sở Tài chính chủ trì,<br>báo cáo trước ngày 15/6/2019.</p>'
        '<table><tr><td>STT</td><td><p>Nội dung</p></td><td>Cơ quan chủ trì</td></tr>'
        '<tr><td>1</td><td>Rà soát&nbsp;dự án</td><td>Sở Tài chính</td></tr></table>'
        '</body></html>')
write('html_only.eml', headers('Van ban so 13', 'Content-Type: text/html; charset="utf-8"\r\n'
                                'Content-Transfer-Encoding: base64\r\n') + '\r\n' +
      b64(html.encode()) + '\r\n')

# 5. a forwarded message/rfc822 that holds the PDF
inner = (headers('Cong van 86', 'Content-Type: multipart/mixed; boundary="in"\r\n') +
         '\r\n--in\r\nContent-Type: text/plain\r\n\r\nPlease see attached.\r\n'
         '--in\r\nContent-Type: application/octet-stream\r\n'
         'Content-Transfer-Encoding: base64\r\n'
         'Content-Disposition: attachment; filename="QD 86.pdf"\r\n\r\n' +
         b64(corpus('dev01.pdf')) + '\r\n--in--\r\n')
write('fwd_rfc822.eml', headers('Fwd: Cong van 86', 'Content-Type: multipart/mixed; boundary="out"\r\n') +
      '\r\n--out\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nChuyển tiếp văn bản.\r\n'
      '--out\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n' + inner +
      '\r\n--out--\r\n')

# 6. inline-forwarded bodies, Gmail English and Vietnamese with quoting
DIRECTIVE = ('Số: 14/UBND-TH\r\n'
             'Kính gửi: Sở Tài chính\r\n'
             '1. Sở Tài chính chủ trì rà soát các dự án,\r\n'
             'báo cáo trước ngày 15/6/2019.\r\n'
             '2. Sở Xây dựng phối hợp thực hiện.\r\n')
write('fwd_inline.eml', headers('Fwd: Van ban 14', 'Content-Type: text/plain; charset=utf-8\r\n') +
      '\r\nGửi anh chị văn bản dưới đây.\r\n\r\n'
      '---------- Forwarded message ---------\r\n'
      'From: Văn thư <vanthu@tuyenquang.gov.vn>\r\n'
      'Date: Wed, May 29, 2019 at 8:15 AM\r\n'
      'Subject: Van ban 14\r\n'
      'To: <theodoinhiemvu@tuyenquang.gov.vn>\r\n\r\n' + DIRECTIVE)
write('fwd_inline_vi.eml', headers('Fwd: Van ban 14', 'Content-Type: text/plain; charset=utf-8\r\n') +
      '\r\nVào Thứ Tư, 29/5/2019 Văn thư đã viết:\r\n'
      '> ----- Tin nhắn đã chuyển tiếp -----\r\n'
      '> Từ: Văn thư <vanthu@tuyenquang.gov.vn>\r\n'
      '> Ngày: 29/5/2019\r\n'
      '> Tiêu đề: Văn bản 14\r\n'
      '> Đến: theodoinhiemvu@tuyenquang.gov.vn\r\n'
      '>\r\n' + ''.join('> ' + l + '\r\n' for l in DIRECTIVE.split('\r\n') if l))

# 7. malformed: no boundary, bad base64, unknown charset, NUL bytes, a header without colon
write('malformed.eml', headers('Broken', 'Content-Type: multipart/mixed\r\n').encode() +
      b'X-Broken header without colon\r\n\r\n'
      b'--nob\r\nContent-Type: text/plain; charset=x-klingon\r\n'
      b'Content-Transfer-Encoding: base64\r\n\r\n!!!not base64@@@\r\n'
      b'S\xe1\xbb\x91: 15/UBND\x00\x00 text\r\n--nob--\r\n')

# 8. a corrupt PDF attachment
write('corrupt_pdf.eml', headers('Cong van hong', 'Content-Type: multipart/mixed; boundary="c"\r\n') +
      '\r\n--c\r\nContent-Type: text/plain\r\n\r\n\r\n'
      '--c\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n'
      'Content-Disposition: attachment; filename="' + word('Công văn hỏng.pdf') + '"\r\n\r\n' +
      b64(b'%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage, no xref, no trailer\n') +
      '\r\n--c--\r\n')

# 9. nothing to read: an empty body
write('empty.eml', headers('Empty', 'Content-Type: text/plain\r\n') + '\r\n\r\n   \r\n')

# 10. only a legacy .doc attachment and an empty body
write('doc_only.eml', headers('Doc', 'Content-Type: multipart/mixed; boundary="d"\r\n') +
      '\r\n--d\r\nContent-Type: text/plain\r\n\r\n\r\n'
      '--d\r\nContent-Type: application/msword\r\nContent-Transfer-Encoding: base64\r\n'
      'Content-Disposition: attachment; filename="cv86.doc"\r\n\r\n' +
      b64(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504) + '\r\n--d--\r\n')
