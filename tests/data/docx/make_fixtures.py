#!/usr/bin/env python3
"""Writes the small DOCX fixtures of tests/test_docx.c and the fuzz seeds.

Run from the repository root:  python3 tests/data/docx/make_fixtures.py
The output is deterministic (fixed timestamps), so re-running changes nothing.
"""
import struct
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STAMP = (2020, 1, 1, 0, 0, 0)

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    '</Relationships>')


def p(text, num=None, lvl=0):
    ppr = ''
    if num is not None:
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(paras, props=''):
    return f'<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>'


def document(body):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}>'
            f'<w:body>{body}<w:sectPr/></w:body></w:document>')


def write(path, parts):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in [('[Content_Types].xml', CONTENT_TYPES), ('_rels/.rels', RELS)] + parts:
            z.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED)


NUMBERING = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>')


def numbered():
    body = (p('Chủ tịch UBND tỉnh yêu cầu:')
            + p('Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư:', 1, 0)
            + p('tham mưu bố trí kinh phí, hoàn thành trước ngày 30/6/2026;', 1, 1)
            + p('báo cáo UBND tỉnh trước ngày 15/7/2026.', 1, 1)
            + p('định kỳ hằng quý', 1, 2)
            + p('Sở Y tế thực hiện thường xuyên.', 1, 0))
    write('tests/data/docx/numbered.docx',
          [('word/document.xml', document(body)), ('word/numbering.xml', NUMBERING)])


def tables():
    header = ('<w:tbl><w:tr>' + tc(p('ỦY BAN NHÂN DÂN') + p('TỈNH TUYÊN QUANG'))
              + tc(p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') + p('Độc lập - Tự do - Hạnh phúc'))
              + '</w:tr><w:tr>' + tc(p('Số: 58/KH-UBND'))
              + tc(p('Tuyên Quang, ngày 08 tháng 3 năm 2026')) + '</w:tr></w:tbl>')
    tasks = ('<w:tbl><w:tr>' + tc(p('STT')) + tc(p('Nội dung'), '<w:gridSpan w:val="2"/>')
             + tc(p('Thời hạn')) + '</w:tr><w:tr>' + tc(p('1'))
             + tc(p('Số hóa hồ sơ'), '<w:vMerge w:val="restart"/>') + tc(p('Sở TT&amp;TT'))
             + tc(p('Quý II/2026')) + '</w:tr><w:tr>' + tc(p('2')) + tc(p(''), '<w:vMerge/>')
             + tc(p('Văn phòng UBND tỉnh')) + tc(p('Tháng 9/2026')) + '</w:tr></w:tbl>')
    write('tests/data/docx/tables.docx', [('word/document.xml', document(header + p('KẾ HOẠCH') + tasks))])


def xxe():
    doc = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    write('tests/data/docx/xxe.docx', [('word/document.xml', doc)])


def bomb():
    """document.xml whose zip headers claim 4 GiB - 16 bytes uncompressed."""
    path = 'tests/data/docx/bomb.docx'
    write(path, [('word/document.xml', document(p('x' * 1000)))])
    data = bytearray(open(path, 'rb').read())
    name = b'word/document.xml'
    i = data.find(b'PK\x03\x04')
    while i >= 0:
        if data[i + 30:i + 30 + len(name)] == name:
            struct.pack_into('<I', data, i + 22, 0xFFFFFFF0)
        i = data.find(b'PK\x03\x04', i + 4)
    i = data.find(b'PK\x01\x02')
    while i >= 0:
        if data[i + 46:i + 46 + len(name)] == name:
            struct.pack_into('<I', data, i + 24, 0xFFFFFFF0)
        i = data.find(b'PK\x01\x02', i + 4)
    open(path, 'wb').write(data)


def fuzz_parts():
    """Raw-XML seeds of tests/fuzz/fuzz_docx.c: parts joined by NUL bytes."""
    for name in ('numbered', 'tables'):
        z = zipfile.ZipFile(f'tests/data/docx/{name}.docx')
        parts = [z.read('word/document.xml')]
        parts.append(z.read('word/numbering.xml') if 'word/numbering.xml' in z.namelist() else b'')
        open(f'tests/fuzz/seeds/docx/{name}.parts', 'wb').write(b'\0'.join(parts))
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
    content = (f'<office:document-content {ns}><office:automatic-styles><text:list-style style:name="L1">'
        '<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>'
        '<text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a" text:display-levels="2"/>'
        '</text:list-style></office:automatic-styles><office:body><office:text>'
        '<text:p>Kính gửi:<text:tab/>Sở Y tế<text:s text:c="2"/>x</text:p>'
        '<text:list text:style-name="L1"><text:list-item><text:p>một</text:p><text:list><text:list-item>'
        '<text:p>a</text:p></text:list-item></text:list></text:list-item></text:list>'
        '<table:table><table:table-row><table:table-cell table:number-rows-spanned="2" '
        'table:number-columns-spanned="2"><text:p>A</text:p></table:table-cell><table:covered-table-cell/>'
        '</table:table-row><table:table-row><table:covered-table-cell/><table:covered-table-cell/>'
        '</table:table-row></table:table></office:text></office:body></office:document-content>')
    open('tests/fuzz/seeds/docx/odt.parts', 'wb').write(content.encode() + b'\0\0')


if __name__ == '__main__':
    numbered()
    tables()
    xxe()
    bomb()
    for name in ('numbered', 'tables'):
        open(f'tests/fuzz/seeds/docx/{name}.docx', 'wb').write(
            open(f'tests/data/docx/{name}.docx', 'rb').read())
    fuzz_parts()
