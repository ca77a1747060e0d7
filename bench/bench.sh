#!/bin/sh
# make bench: see bench/bench.py for what is measured and against what.
set -eu
exec python3 bench/bench.py "${1:-build}"
