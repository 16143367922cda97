#!/usr/bin/env bash
# How long `wirewatch store copy` takes for ARTICLES articles (about 2 KB each) and ALERTS alerts
# with one delivery each, into a private PostgreSQL server (Unix socket, fsync off as in the tests,
# so this is the copy's own cost, not the disk's). Compared: one row per INSERT (what copying row by
# row through the store's own statements would cost) against multi-row INSERTs of PARAMS values,
# the copy's default (20000), measured in the same run on fresh databases.
#
#   bench/storecopy/run.sh        # ARTICLES=100000 ALERTS=100000 CONFIG=release
set -euo pipefail
cd "$(dirname "$0")/../.."
ARTICLES=${ARTICLES:-100000}
ALERTS=${ALERTS:-100000}
CONFIG=${CONFIG:-release}

echo "building StoreCopyBench ($CONFIG)..." >&2
swift build -c "$CONFIG" --product StoreCopyBench >/dev/null
BENCH=$(swift build -c "$CONFIG" --show-bin-path)/StoreCopyBench
work=$(mktemp -d /tmp/wirewatch-bench-storecopy.XXXXXX)
chmod 755 "$work"
pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$work/pg/sock"
[ "$(id -u)" = 0 ] && chown -R postgres: "$work/pg"
as_server "$pg/initdb" -D "$work/pg/data" -U postgres -A trust --no-sync -E UTF8 --no-locale >/dev/null
as_server "$pg/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-k $work/pg/sock -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null
trap 'as_server "$pg/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "filling a store: $ARTICLES articles, $ALERTS alerts..." >&2
start=$(date +%s.%N)
"$BENCH" fill "$work/state.sqlite" "$ARTICLES" "$ALERTS"
echo "filled in $(echo "$(date +%s.%N) - $start" | bc) s: $(du -m "$work/state.sqlite" | cut -f1) MiB" >&2

for params in 8 20000; do
  db="copy$params"
  "$pg/createdb" -h "$work/pg/sock" -U postgres "$db"
  "$BENCH" copy "$work/state.sqlite" "postgres://postgres@localhost/$db?host=$work/pg/sock" "$params" 2>/dev/null
done > "$work/results.tsv"

python3 - "$work/results.tsv" <<'PY'
import sys
rows = [line.split("\t") for line in open(sys.argv[1])]
base = float(rows[-1][2])
print(f"{'values per INSERT':>18} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'vs default':>11}")
for p, n, s in rows:
    label = "1 row" if int(p) < 20 else p
    print(f"{label:>18} {int(n):8d} {float(s):8.2f} {int(n)/float(s):9.0f} {float(s)/base:10.2f}x")
PY
