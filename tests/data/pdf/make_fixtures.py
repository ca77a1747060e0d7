#!/usr/bin/env python3
"""Writes the small PDF fixtures of tests/test_pdf.c (run from the repository root).

The PDFs are written by hand, with the standard Helvetica and Times fonts
(no embedded font, WinAnsi text), so they look nothing like the
LibreOffice corpus: a different producer, font and margins. Text is ASCII
Vietnamese without diacritics. Each file is tiny and deterministic.

  two_columns.pdf  a directive header in two columns, body paragraphs with
                   a first-line indent, a numbered list, and "Noi nhan"
                   beside the signature.
  table.pdf        a borderless 4-column task table that continues on page 2
                   after a repeated header, with page numbers at the bottom.
  encrypted.pdf    a one-page PDF with a Standard security handler whose
                   user password is not empty.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE_W, PAGE_H = 595, 842


def esc(s):
    return s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')


def page_stream(items):
    """items: (font, size, x, y_from_top, text)."""
    out = []
    for font, size, x, y, text in items:
        out.append('BT /%s %g Tf %g %g Td (%s) Tj ET' % (font, size, x, PAGE_H - y, esc(text)))
    return '\n'.join(out).encode('latin-1')


def write_pdf(path, pages, encrypt=None):
    objs = []  # bytes of objects 1..n

    def add(b):
        objs.append(b)
        return len(objs)

    f1 = add(b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
    f2 = add(b'<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>')
    f3 = add(b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>')
    pages_id = len(objs) + 1 + 2 * len(pages)
    kids = []
    for items in pages:
        data = page_stream(items)
        c = add(b'<< /Length %d >>\nstream\n' % len(data) + data + b'\nendstream')
        p = add(b'<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R '
                b'/Resources << /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> >> >>'
                % (pages_id, PAGE_W, PAGE_H, c, f1, f2, f3))
        kids.append(p)
    assert add(b'<< /Type /Pages /Kids [%s] /Count %d >>'
               % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))) == pages_id
    cat = add(b'<< /Type /Catalog /Pages %d 0 R >>' % pages_id)
    enc = add(encrypt) if encrypt else None

    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, b in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + b + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offsets:
        out += b'%010d 00000 n \n' % o
    trailer = b'/Size %d /Root %d 0 R' % (len(objs) + 1, cat)
    if enc:
        trailer += b' /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]' % enc
    out += b'trailer\n<< ' + trailer + b' >>\nstartxref\n%d\n%%%%EOF\n' % xref
    with open(os.path.join(HERE, path), 'wb') as fh:
        fh.write(bytes(out))


def two_columns():
    H, T, B = 'F1', 'F2', 'F3'
    p = [
        (H, 12, 80, 60, 'UY BAN NHAN DAN'),
        (B, 12, 330, 60, 'CONG HOA XA HOI CHU NGHIA VIET NAM'),
        (B, 12, 85, 75, 'TINH HOA BINH'),
        (B, 12, 360, 75, 'Doc lap - Tu do - Hanh phuc'),
        (H, 12, 80, 100, 'So: 15/CT-UBND'),
        (H, 12, 340, 100, 'Hoa Binh, ngay 02 thang 3 nam 2024'),
        (B, 13, 270, 140, 'CHI THI'),
    ]
    body = [
        (95, 'Thuc hien Nghi quyet cua Hoi dong nhan dan tinh ve ke hoach phat trien'),
        (70, 'kinh te - xa hoi nam 2024, Chu tich Uy ban nhan dan tinh yeu cau cac so,'),
        (70, 'ban, nganh va Uy ban nhan dan cac huyen thuc hien tot cac noi dung sau:'),
        (95, '1. So Tai chinh chu tri, phoi hop voi So Ke hoach va Dau tu tham muu bo'),
        (70, 'tri kinh phi thuc hien truoc ngay 30/6/2024.'),
        (95, '2. So Noi vu to chuc kiem tra cong tac cai cach hanh chinh.'),
    ]
    y = 175
    for x, text in body:
        p.append((T, 13, x, y, text))
        y += 16
    y += 20
    p += [
        (B, 11, 70, y, 'Noi nhan:'),
        (B, 12, 360, y, 'TM. UY BAN NHAN DAN'),
        (H, 10, 70, y + 13, '- Nhu tren;'),
        (B, 12, 385, y + 15, 'CHU TICH'),
        (H, 10, 70, y + 26, '- Luu: VT.'),
        (B, 12, 370, y + 70, 'Nguyen Van An'),
    ]
    write_pdf('two_columns.pdf', [p])


def table():
    H = 'F1'
    cols = (62, 95, 330, 460)
    head = ['STT', 'Noi dung nhiem vu', 'Co quan chu tri', 'Thoi gian']

    def row(y, cells):
        return [(H, 11, cols[i], y, c) for i, c in enumerate(cells) if c]

    p1 = [(H, 12, 70, 70, 'Cac nhiem vu cu the duoc giao nhu sau:')]
    p1 += row(100, head)
    p1 += row(118, ['1', 'Xay dung ke hoach chuyen doi so', 'So Thong tin va', 'Quy II/2024'])
    p1 += row(131, ['', 'cua tinh giai doan 2024 - 2025', 'Truyen thong', ''])
    p1 += row(149, ['2', 'Ra soat thu tuc hanh chinh noi bo', 'Van phong UBND', 'Thang 6/2024'])
    p1 += row(162, ['', 'va de xuat phuong an don gian hoa', 'tinh', ''])
    p1 += row(180, ['3', 'Kiem tra cong tac cai cach hanh', 'So Noi vu', 'Nam 2024'])
    p1.append((H, 10, 295, 825, '1'))
    p2 = row(60, head)
    p2 += row(78, ['', 'chinh tai cac co quan, dia phuong', '', ''])
    p2 += row(96, ['4', 'Bao cao ket qua thuc hien', 'So Ke hoach va Dau tu', 'Truoc 15/12/2024'])
    p2.append((H, 12, 70, 140, 'Trong qua trinh thuc hien, neu co kho khan, vuong mac, cac co quan bao cao'))
    p2.append((H, 12, 50, 155, 'Uy ban nhan dan tinh de xem xet, giai quyet./.'))
    p2.append((H, 10, 295, 825, '2'))
    write_pdf('table.pdf', [p1, p2])


def encrypted():
    p = [('F1', 12, 70, 70, 'Tai lieu mat')]
    enc = (b'<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 '
           b'/O <' + b'11' * 32 + b'> /U <' + b'22' * 32 + b'> >>')
    write_pdf('encrypted.pdf', [p], encrypt=enc)


if __name__ == '__main__':
    two_columns()
    table()
    encrypted()
