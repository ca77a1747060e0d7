#!/usr/bin/env python3
"""Generate the plain-text fixtures of tests/test_text.c: one directive
excerpt in several encodings, plus layout cases (run from anywhere)."""
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

TEXT = ('Số: 12/UBND-TH\n'
        'Kính gửi: Sở Tài chính\n'
        '1. Sở Tài chính chủ trì rà soát các dự án,\n'
        'báo cáo trước ngày 15/6/2019.\n'
        '2. Sở Xây dựng phối hợp thực hiện.\n')


def cp1258(text):
    out = b''
    for ch in text:
        try:
            out += ch.encode('cp1258')
        except UnicodeEncodeError:
            d = unicodedata.normalize('NFD', ch)
            tone = [c for c in d if c in '\u0300\u0301\u0303\u0309\u0323'][0]
            out += unicodedata.normalize('NFC', d.replace(tone, '')).encode('cp1258') + tone.encode('cp1258')
    return out


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


write('utf8.txt', TEXT.encode())
write('utf8_bom_crlf.txt', b'\xef\xbb\xbf' + TEXT.replace('\n', '\r\n').encode())
write('utf16le.txt', b'\xff\xfe' + TEXT.encode('utf-16-le'))
write('utf16be.txt', b'\xfe\xff' + TEXT.encode('utf-16-be'))
write('cp1258.txt', cp1258(TEXT))
write('layout.txt', (
    'KẾ HOẠCH\n'
    '  a) Sở Y tế chủ trì\n'
    '- Gạch đầu dòng\n'
    'Điều 2. Tổ chức thực hiện\n'
    '\n'
    'STT | Nội dung | Cơ quan chủ trì\n'
    '1 | Rà soát | Sở Tài chính\n'
    '| 2 | Kiểm tra | Sở Xây dựng |\n'
    '|---|---|---|\n'
    'Hai cột | không phải bảng\n'
    'STT\tNội dung\tThời hạn\n'
    '1\tBáo cáo\t15/6/2019\n'
    '\fTrang hai\n'
    'dòng chữ thường sau trang\n').encode())
