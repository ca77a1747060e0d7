#!/bin/sh
# The scanned corpus: every /work/shared/corpus/dev*.scan.pdf (or the files
# of $OCR_CORPUS) read by OCR and scored against the annotations, with the
# bars of the OCR issue:
#   pair F1 >= 0.85, lead F1 >= 0.90, due F1 >= 0.85,
#   number and issue date each >= 0.90.
# Slow (seconds a page), so not part of make check: run it by hand,
#   sh tests/ocr_corpus.sh            (after make)
# Exits 1 below a bar. The scans are named devNN.scan.pdf; the score keys
# files by devNN.pdf, hence the sed.
set -eu
BUILD=${BUILD:-build}
CORPUS=${OCR_CORPUS:-/work/shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
start=$(date +%s)
"$BUILD/dondoc" parse --units tests/corpus/units.csv --json "$CORPUS"/dev*.scan.pdf \
	| sed 's/\.scan\.pdf"/.pdf"/' >"$tmp/p.jsonl" || true
end=$(date +%s)
pages=0
for f in "$CORPUS"/dev*.scan.pdf; do
	n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
	pages=$((pages + ${n:-0}))
done
echo "ocr corpus: $pages pages in $((end - start)) s"
python3 tests/corpus/score.py tests/corpus "$tmp/p.jsonl" --json >"$tmp/score"
python3 - "$tmp/score" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
bars = {"pair": 0.85, "lead": 0.90, "due": 0.85}
meta = {"meta_number": 0.90, "meta_issued": 0.90}
bad = []
for k, bar in bars.items():
    print(f"scan {k:12s} F1 {s[k]['f1']:.3f} (bar {bar})")
    if s[k]["f1"] < bar:
        bad.append(k)
print(f"scan {'support':12s} F1 {s['support']['f1']:.3f}")
for k, bar in meta.items():
    print(f"scan {k:12s}    {s[k]:.3f} (bar {bar})")
    if s[k] < bar:
        bad.append(k)
print(f"scan {'meta_type':12s}    {s['meta_type']:.3f}")
if bad:
    print("scan: below the bar: " + ", ".join(bad))
    sys.exit(1)
PY
