#!/usr/bin/env python3
"""Writes the OCR test fixtures of tests/data/ocr (run from the repository root).

  blank.scan.pdf   one A4 page that is a 150 dpi grey image of white paper
                   with a little scanner noise: OCR finds nothing, the
                   reader must answer "no text", not invent tasks.
  photo.scan.pdf   one A4 page that is an image of smooth grey shapes and
                   noise (no letters): the same.
  mixed.pdf        page 1 of tests/corpus/dev01.pdf (a text layer) followed by
                   page 2 of tests/corpus/dev01.scan.pdf (an image): only
                   page 2 is read by OCR. Made with poppler-utils' pdfseparate
                   and pdfunite.

Only the standard library and poppler-utils; the output is deterministic.
"""
import os
import random
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "corpus")


def image_pdf(path, width, height, pixels):
    """A one-page A4 PDF showing an 8-bit grey image (bytes, row by row)."""
    data = zlib.compress(bytes(pixels), 9)
    page_w, page_h = 595, 842
    content = f"q {page_w} 0 0 {page_h} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] "
        f"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
        f"/Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


def blank(rng, w, h):
    return [250 if rng.random() > 0.001 else 120 for _ in range(w * h)]


def photo(rng, w, h):
    px = []
    for y in range(h):
        for x in range(w):
            v = 128 + 60 * ((x // 90 + y // 70) % 3 - 1) + rng.randint(-25, 25)
            if (x - w / 2) ** 2 + (y - h / 3) ** 2 < (w / 4) ** 2:
                v -= 50
            px.append(max(0, min(255, int(v))))
    return px


def mixed(path):
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "text.pdf")
        scan = os.path.join(tmp, "scan.pdf")
        subprocess.run(["pdfseparate", "-f", "1", "-l", "1",
                        os.path.join(CORPUS, "dev01.pdf"), text], check=True)
        subprocess.run(["pdfseparate", "-f", "2", "-l", "2",
                        os.path.join(CORPUS, "dev01.scan.pdf"), scan], check=True)
        subprocess.run(["pdfunite", text, scan, path], check=True)


def main():
    rng = random.Random(7)
    w, h = 620, 877  # A4 at 75 dpi: the fixtures stay small
    pw, ph = 248, 351  # the photo at 30 dpi (its noise does not compress)
    image_pdf(os.path.join(HERE, "blank.scan.pdf"), w, h, blank(rng, w, h))
    image_pdf(os.path.join(HERE, "photo.scan.pdf"), w, h, photo(rng, pw, ph))
    mixed(os.path.join(HERE, "mixed.pdf"))


if __name__ == "__main__":
    main()
