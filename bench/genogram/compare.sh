#!/bin/sh
# Compare Rotonde's genogram layout + SVG with Graphviz `dot -Tsvg` on the
# same synthetic 2,000-person family, written as a relationship graph with
# person and family nodes (the way Gramps' Relationship Graph report does).
#
#   bench/genogram/compare.sh [N]        (default N=2000; run from anywhere)
set -eu
N=${1:-2000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${TMPDIR:-/tmp}/rotonde-genogram-bench
mkdir -p "$OUT"
cd "$ROOT"

command -v dot >/dev/null 2>&1 || { echo "graphviz (dot) not installed: apt-get install graphviz" >&2; exit 1; }

go build -o "$OUT/genogram-bench" ./bench/genogram
"$OUT/genogram-bench" -n "$N" -dot "$OUT/family.dot" -svg "$OUT/rotonde.svg" -runs 0
echo "DOT: $(grep -c -- '->' "$OUT/family.dot") edges, $(wc -c < "$OUT/family.dot") bytes"

# Rotonde: best of 20 runs inside one process (layout + SVG, no I/O).
ROT=$("$OUT/genogram-bench" -n "$N" -runs 20 | sed -n 's/.*runs: \([0-9.]*\) ms/\1/p')
echo "rotonde layout+svg: ${ROT} ms"

# Graphviz: wall time of one `dot -Tsvg` run (it takes seconds, not ms).
START=$(date +%s%N)
dot -Tsvg "$OUT/family.dot" -o "$OUT/graphviz.svg"
END=$(date +%s%N)
DOT_MS=$(( (END - START) / 1000000 ))
echo "graphviz dot -Tsvg: ${DOT_MS} ms"

awk -v d="$DOT_MS" -v r="$ROT" 'BEGIN { if (r > 0) printf "rotonde is %.0fx faster (goal: >= 30x)\n", d / r }'
echo "files in $OUT"
