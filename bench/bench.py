#!/usr/bin/env python3
"""make bench: dondoc's parse speed and memory beside named references.

- DOCX: directives per second, one process reading the 40 corpus DOCX files
  repeated (single core).
- PDF: time to parse each corpus PDF with `dondoc parse` beside the time
  `pdftotext` (poppler-utils) takes on the same files, one process per file
  for both, as a ratio.
- OCR: seconds per scanned page of `dondoc parse` beside the `tesseract`
  command-line tool on the same rendered page images (last section).
- Memory: peak resident size of `dondoc parse` on a PDF of 200+ pages made
  by joining the corpus PDFs with `pdfunite`, beside pdftotext's.
"""
import glob, os, resource, subprocess, sys, time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
dondoc = os.path.join(build, "dondoc")
corpus = "tests/corpus"
units = os.path.join(corpus, "units.csv")
docx = sorted(glob.glob(f"{corpus}/dev*[0-9].docx"))
pdfs = sorted(glob.glob(f"{corpus}/dev*[0-9].pdf"))
devnull = subprocess.DEVNULL


def run(cmd):
    subprocess.run(cmd, stdout=devnull, stderr=devnull, check=False)


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmds, repeat=3):
    """Best of `repeat` runs of every command once: CPU seconds (user +
    system of the children), which a busy machine disturbs less than wall
    time. The wall time of the best run is kept in timed.wall."""
    best, best_wall = None, None
    for _ in range(repeat):
        c0, t0 = cpu_children(), time.perf_counter()
        for c in cmds:
            run(c)
        dt, wall = cpu_children() - c0, time.perf_counter() - t0
        if best is None or dt < best:
            best, best_wall = dt, wall
    timed.wall = best_wall
    return best


def peak_rss_kib(cmd):
    """Peak RSS of one child run, in KiB (ru_maxrss of a fresh fork)."""
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    return usage.ru_maxrss


# DOCX throughput
rounds = 10
files = docx * rounds
t = timed([["taskset", "-c", "0", dondoc, "parse", "--units", units, "--json", *files]], repeat=3)
print(f"docx: {len(files)} directives in {t:.2f} CPU s ({timed.wall:.2f} s wall) = "
      f"{len(files) / t:.0f} directives/s (one core; target >= 200)")

# PDF against pdftotext
t_dd = timed([[dondoc, "parse", "--units", units, "--json", f] for f in pdfs])
t_pt = timed([["pdftotext", "-layout", f, "-"] for f in pdfs])
print(f"pdf: dondoc parse {t_dd:.2f} CPU s, pdftotext {t_pt:.2f} CPU s for {len(pdfs)} files, "
      f"one process each: ratio {t_dd / t_pt:.2f} (target <= 1.3)")
s_dd = timed([[dondoc, "--help"] for f in pdfs])
s_pt = timed([["pdftotext", "-v"] for f in pdfs])
print(f"pdf: start-up excluded (each program's bare start, {s_dd:.2f} and {s_pt:.2f} CPU s, "
      f"subtracted): ratio {(t_dd - s_dd) / (t_pt - s_pt):.2f}")
t_one = timed([[dondoc, "parse", "--units", units, "--json", *pdfs]])
print(f"pdf: the {len(pdfs)} files in one dondoc process {t_one:.2f} CPU s: ratio {t_one / t_pt:.2f} "
      f"(process start-up, mostly loading Poppler, cairo and GLib, is the rest)")
t_dd_only = timed([[dondoc, "parse", "--json", f] for f in pdfs])
print(f"pdf: without the unit directory {t_dd_only:.2f} CPU s: ratio {t_dd_only / t_pt:.2f}")

# memory on a 200-page PDF
os.makedirs(os.path.join(build, "bench"), exist_ok=True)
big = os.path.join(build, "bench", "big.pdf")
if not os.path.exists(big):
    pages, parts = 0, []
    while pages < 200:
        for f in pdfs:
            parts.append(f)
            out = subprocess.run(["pdfinfo", f], capture_output=True, text=True).stdout
            pages += int([l for l in out.splitlines() if l.startswith("Pages:")][0].split()[1])
            if pages >= 200:
                break
    subprocess.run(["pdfunite", *parts, big], check=True)
out = subprocess.run(["pdfinfo", big], capture_output=True, text=True).stdout
npages = [l for l in out.splitlines() if l.startswith("Pages:")][0].split()[1]
rss_dd = peak_rss_kib([dondoc, "parse", "--units", units, "--json", big])
rss_pt = peak_rss_kib(["pdftotext", "-layout", big, "-"])
t_big = timed([[dondoc, "parse", "--units", units, "--json", big]], repeat=1)
t_big_pt = timed([["pdftotext", "-layout", big, "-"]], repeat=1)
print(f"pdf {npages} pages: peak memory dondoc {rss_dd / 1024:.1f} MiB (target < 64), "
      f"pdftotext {rss_pt / 1024:.1f} MiB; time {t_big:.2f} s vs {t_big_pt:.2f} s "
      f"(ratio {t_big / t_big_pt:.2f})")

# ---------------------------------------------------------------------------
# OCR (scanned PDFs): seconds per page of `dondoc parse` on the committed
# scans beside the `tesseract` command-line tool on the same page images.
# dondoc renders each page with Poppler/cairo at twice the scan's resolution
# (300 dpi for these 150 dpi scans), cleans it with Leptonica and recognises
# it with Tesseract ("vie") on two threads. The reference renders the pages
# with pdftocairo (the same Poppler and cairo) at that resolution and runs
# `tesseract PAGE.png out -l vie` on each, one after another, once with
# OpenMP limited to one thread (as dondoc runs it) and once as installed.
# Wall time is what a user waits; CPU time is what the machine spends.
# ---------------------------------------------------------------------------
scans = sorted(glob.glob(f"{corpus}/dev*.scan.pdf"))
if scans:
    ocr_dir = os.path.join(build, "bench", "ocr")
    os.makedirs(ocr_dir, exist_ok=True)
    images = []
    for f in scans:
        stem = os.path.join(ocr_dir, os.path.basename(f).split(".")[0])
        subprocess.run(["pdftocairo", "-gray", "-png", "-r", "300", f, stem], check=True)
        images += sorted(glob.glob(stem + "-*.png"))
    npages = len(images)
    t_ocr = timed([[dondoc, "parse", "--units", units, "--json", *scans]], repeat=1)
    w_ocr = timed.wall
    env1 = dict(os.environ, OMP_THREAD_LIMIT="1")
    def tess_all(env):
        c0, t0 = cpu_children(), time.perf_counter()
        for img in images:
            subprocess.run(["tesseract", img, os.path.join(ocr_dir, "out"), "-l", "vie"],
                           stdout=devnull, stderr=devnull, env=env, check=False)
        return cpu_children() - c0, time.perf_counter() - t0
    c_t1, w_t1 = tess_all(env1)
    c_tn, w_tn = tess_all(None)
    print(f"ocr: {npages} scanned pages ({len(scans)} files), seconds per page, wall / CPU:")
    print(f"ocr:   dondoc parse (render, clean, recognise, layout; 2 threads) "
          f"{w_ocr / npages:.2f} / {t_ocr / npages:.2f}")
    print(f"ocr:   tesseract CLI on the 300 dpi pages, OMP_THREAD_LIMIT=1     "
          f"{w_t1 / npages:.2f} / {c_t1 / npages:.2f}")
    print(f"ocr:   tesseract CLI on the 300 dpi pages, OpenMP as installed    "
          f"{w_tn / npages:.2f} / {c_tn / npages:.2f}")
