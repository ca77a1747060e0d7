#!/bin/sh
# The embedded-default demo of `make run`: until the daemon lands, dondoc's
# main job is reading directives, so this parses the sample directives
# shipped in tests/corpus (DOCX and PDF) with the sample unit directory and
# prints what an office specialist would register.
set -eu
BUILD=${1:-build}
samples="tests/corpus/dev01.docx tests/corpus/dev04.pdf tests/corpus/dev05.docx tests/corpus/dev14.pdf"
for f in $samples; do
	"$BUILD/dondoc" parse --units data/units.csv "$f"
	echo
done
