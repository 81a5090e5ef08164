#!/usr/bin/env bash
# Whole-process speed and memory of lupe on a large real corpus, against the floor of
# reading the same files (cat) and against ripgrep, measured back to back in one run:
# loading and indexing (--no-cache), and a look-up answered from the index cache.
#
#   scripts/scale.sh [CORPORA_DIR]      (default /tmp/corpora; built if missing, ~1 minute)
#
# Also times big's text as one file (CORPORA_DIR/one, made from big).
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
# `big` is `man` ten times over, so it has man's vocabulary, some 61,000 terms: a real
# archive of 100 MB keeps bringing new words and has ten times as many. `rich` is `man` ten
# times as well, but in every copy after the first each word of five letters or more gets a
# two-letter ending chosen by a hash of the word and the copy: some 600,000 terms, and each
# copy's new words come in as a real archive's would. Deterministic; built once.
RICH=$CORPORA/rich
if [ ! -d "$RICH" ]; then
  python3 - "$CORPORA/man" "$RICH.tmp" <<'PY'
import os, re, sys, zlib
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
word = re.compile(r"\w{5,}")
for copy in range(10):
    for name in sorted(os.listdir(src)):
        text = open(os.path.join(src, name), encoding="utf-8", errors="replace").read()
        def ending(m):
            h = zlib.crc32((m.group(0) + str(copy)).encode())
            return m.group(0) + chr(97 + h % 26) + chr(97 + (h >> 5) % 26)
        if copy:
            text = word.sub(ending, text)
        with open(os.path.join(dst, f"{copy}-{name}"), "w", encoding="utf-8") as out:
            out.write(text)
PY
  mv "$RICH.tmp" "$RICH"
fi
cargo build --release --quiet
LUPE=./target/release/lupe
bytes=$(cat "$BIG"/* | wc -c)
files=$(ls "$BIG" | wc -l)
rich_bytes=$(cat "$RICH"/* | wc -c)
echo "corpus: $BIG, $files files, $bytes bytes; $(nproc) cores"
echo "corpus: $RICH, $(ls "$RICH" | wc -l) files, $rich_bytes bytes (big's size, ten times its vocabulary)"

json=$(mktemp)
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$json" \
  -n cat "cat $BIG/* > /dev/null" \
  -n rg "rg -o -w Beispiel $BIG > /dev/null" \
  -n "lupe index" "$LUPE --no-cache --corpus $BIG list > /dev/null" \
  -n "lupe cached" "$LUPE --corpus $BIG kwic Beispiel --limit 25 > /dev/null" \
  -n "rg phrase" "rg -o -w -i 'die d\\w*' $BIG > /dev/null" \
  -n "lupe phrase" "$LUPE --corpus $BIG kwic '\"die d*\"' --limit 25 > /dev/null" \
  -n "cat rich" "cat $RICH/* > /dev/null" \
  -n "lupe rich" "$LUPE --no-cache --corpus $RICH list > /dev/null" >/dev/null
python3 - "$json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
# A cached look-up is held against rg's search for the same; the rest against cat.
against = {"lupe cached": "rg", "lupe phrase": "rg phrase", "lupe rich": "cat rich"}
print(f"{'command':<12} {'median s':>9} {'ratio':>7}  against")
for name, x in r.items():
    base = against.get(name, "cat")
    print(f"{name:<12} {x['median']:>9.3f} {x['median'] / r[base]['median']:>7.2f}  {base}")
PY
rm -f "$json"
for corpus in "$BIG $bytes" "$RICH $rich_bytes"; do
  set -- $corpus
  peak=$(/usr/bin/time -f %M "$LUPE" --no-cache --corpus "$1" list 2>&1 >/dev/null | tail -1)
  echo "peak memory after indexing $(basename "$1"): $((peak / 1024)) MiB = $(python3 -c "print(round($peak * 1024 / $2, 2))") x corpus bytes"
done

# The browser's first frame: how long after it starts the screen shows the corpus's first
# file (the article list comes first; the index is built behind it), and how long until
# the browser itself is drawn, its index ready. In a pseudo-terminal of 100x30, the median
# of RUNS; against the built-in corpus's first frame, in the same run.
python3 - "$LUPE" "$BIG" "${RUNS:-5}" <<'PY'
import os, pty, re, select, signal, statistics, struct, sys, termios, time, fcntl
lupe, big, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
escape = re.compile(rb"\x1b\[[0-9;?]*[a-zA-Z]")
def until(args, needles):
    """Milliseconds from start until each needle is on the screen."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(lupe, [lupe] + args)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen, out = {}, b""
    while len(seen) < len(needles) and select.select([fd], [], [], 30)[0]:
        try:
            out += os.read(fd, 1 << 16)
        except OSError:
            break
        text = escape.sub(b"", out)
        for n in needles:
            if n not in seen and n.encode() in text:
                seen[n] = (time.monotonic() - start) * 1000
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return [seen.get(n, float("nan")) for n in needles]
first = sorted(os.listdir(big))[0]
median = lambda xs: statistics.median(xs)
builtin = median([until([], ["Articles"])[0] for _ in range(runs)])
fresh = [until(["--no-cache", "--corpus", big], [first, "Articles"]) for _ in range(runs)]
cached = [until(["--corpus", big], [first, "Articles"]) for _ in range(runs)]
print(f"browser, built-in corpus: first frame {builtin:.0f} ms")
for name, xs in [("--no-cache", fresh), ("cached", cached)]:
    shown, ready = median([x[0] for x in xs]), median([x[1] for x in xs])
    # A corpus not ready within 40 ms gets a loading screen then, the list and a bar;
    # one ready sooner (the built-in one) shows the browser at once, without a flash.
    print(f"browser on big, {name}: the article list shown after {shown:.0f} ms (target 100 ms; "
          f"{shown / builtin:.1f}x the built-in corpus's first frame), the index ready after {ready:.0f} ms")
PY

# The same text as one file: one article, analysed on one core, whose working tables
# are all held at once. Not an aim of its own, but what a user who gives lupe a dump
# of an archive meets.
ONE=$CORPORA/one
if [ ! -f "$ONE/big.txt" ]; then
  mkdir -p "$ONE.tmp" && cat "$BIG"/* > "$ONE.tmp/big.txt" && mv "$ONE.tmp" "$ONE"
fi
json=$(mktemp)
hyperfine --warmup 1 --runs 3 --export-json "$json" \
  -n "lupe one file" "$LUPE --no-cache --corpus $ONE list > /dev/null" >/dev/null
one_s=$(python3 -c "import json, sys; print(f\"{json.load(open(sys.argv[1]))['results'][0]['median']:.2f}\")" "$json")
rm -f "$json"
peak=$(/usr/bin/time -f %M "$LUPE" --no-cache --corpus "$ONE" list 2>&1 >/dev/null | tail -1)
echo "big's text as one file: $one_s s to load and index, peak memory $((peak / 1024)) MiB = $(python3 -c "print(round($peak * 1024 / $bytes, 2))") x its bytes"
# A cached look-up there reads and checks the one article's text, tokens and sentences
# (the warm-up writes the cache), against rg's search for the same, back to back.
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$json" \
  -n "rg one file" "rg -o -w Beispiel $ONE > /dev/null" \
  -n "lupe one file cached" "$LUPE --corpus $ONE kwic Beispiel --limit 25 > /dev/null" >/dev/null
python3 - "$json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
lupe, rg = r["lupe one file cached"], r["rg one file"]
print(f"big's text as one file, cached kwic Beispiel --limit 25: {lupe:.3f} s, rg -o -w Beispiel {rg:.3f} s ({lupe / rg:.2f}x)")
PY
rm -f "$json"
