#!/usr/bin/env bash
# Parser benchmark: wirewatch's feed parser against Python's feedparser,
# fastfeedparser and feedparser-rs, and a libxml2 SAX pass that builds nothing
# (the floor), on one generated corpus, in one run. Prints a table with ratios.
#   bench/parse/run.sh [FEEDS] [MB]      (defaults: 240 feeds, ~56 MB)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/bench/out/parse
corpus=$out/corpus
mkdir -p "$out"

scripts/install-deps.sh
need=()
for p in python3-venv gcc; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; fi

venv=$root/bench/.venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
for spec in feedparser==6.0.14 fastfeedparser feedparser-rs; do
  name=${spec%%==*}
  "$venv/bin/pip" show "$name" >/dev/null 2>&1 || "$venv/bin/pip" install -q "$spec" \
    || echo "bench: $spec did not install; it is left out of the table" >&2
done

python3 bench/parse/gen_corpus.py "$corpus" "${1:-240}" "${2:-56}"
echo "building release…" >&2
swift build -c release --product wirewatch 2>&1 | tail -1 >&2
swift build -c release --product parser-bench 2>&1 | tail -1 >&2
gcc -O2 bench/parse/floor.c $(pkg-config --cflags --libs libxml-2.0) -o "$out/floor"

python3 bench/parse/compare.py --wirewatch "$root/.build/release/wirewatch" --bench "$root/.build/release/parser-bench" --floor "$out/floor" \
  --python "$venv/bin/python" --peers bench/parse/peers.py --corpus "$corpus"
