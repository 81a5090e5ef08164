#!/usr/bin/env bash
# Whole-process speed and memory of lupe on a large real corpus, against the floor of
# reading the same files (cat) and against ripgrep, measured back to back in one run:
# loading and indexing (--no-cache), and a look-up answered from the index cache.
#
#   scripts/scale.sh [CORPORA_DIR]      (default /tmp/corpora; built if missing, ~1 minute)
#
# Needs: hyperfine and ripgrep (installed with apt-get when missing and run as root),
# GNU time (/usr/bin/time). Prints medians, ratios and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPORA=${1:-/tmp/corpora}
BIG=$CORPORA/big

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need rg || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine ripgrep time >/dev/null
  else
    echo "scale.sh: install hyperfine, ripgrep and time first" >&2; exit 2
  fi
fi
if [ ! -d "$BIG" ]; then
  ../shared/tools/make-corpora.sh "$CORPORA"
fi
cargo build --release --quiet
LUPE=./target/release/lupe
bytes=$(cat "$BIG"/* | wc -c)
files=$(ls "$BIG" | wc -l)
echo "corpus: $BIG, $files files, $bytes bytes; $(nproc) cores"

json=$(mktemp)
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$json" \
  -n cat "cat $BIG/* > /dev/null" \
  -n rg "rg -o -w Beispiel $BIG > /dev/null" \
  -n "lupe index" "$LUPE --no-cache --corpus $BIG list > /dev/null" \
  -n "lupe cached" "$LUPE --corpus $BIG kwic Beispiel --limit 25 > /dev/null" >/dev/null
python3 - "$json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
cat = r["cat"]["median"]
print(f"{'command':<12} {'median s':>9} {'x cat':>7}")
for name, x in r.items():
    print(f"{name:<12} {x['median']:>9.3f} {x['median'] / cat:>7.1f}")
PY
rm -f "$json"
peak=$(/usr/bin/time -f %M "$LUPE" --no-cache --corpus "$BIG" list 2>&1 >/dev/null | tail -1)
echo "peak memory after indexing: $((peak / 1024)) MiB = $(python3 -c "print(round($peak * 1024 / $bytes, 2))") x corpus bytes"
