#!/usr/bin/env bash
# How long pruning holds the store's write lock, and what the pipeline's commits wait
# while it runs: a store filled as the soak would (FEEDS feeds gaining an entry a minute
# for MINUTES minutes, one in 20 alerting), its older half pruned in batches of 100,
# 500 (the daemon's) and 2,000 rows, and unbatched (one transaction per table, what a
# plain DELETE … WHERE would do), each on a fresh copy while another thread commits a
# poll every 5 ms. No peer project prunes this store; the unbatched prune is the baseline.
#
#   bench/retention/run.sh        # FEEDS=2000 MINUTES=60 RUNS=3
set -euo pipefail
cd "$(dirname "$0")/../.."
FEEDS=${FEEDS:-2000}
MINUTES=${MINUTES:-60}
RUNS=${RUNS:-3}

echo "building RetentionBench (release)..." >&2
swift build -c release --product RetentionBench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/RetentionBench
work=$(mktemp -d /tmp/wirewatch-bench-retention.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "filling a store: $FEEDS feeds x $MINUTES minutes..." >&2
"$BENCH" "$work/filled.sqlite" "$work" --fill --feeds "$FEEDS" --minutes "$MINUTES"
echo "filled: $(du -m "$work/filled.sqlite" | cut -f1) MiB" >&2

for run in $(seq "$RUNS"); do
  "$BENCH" "$work/filled.sqlite" "$work" --feeds "$FEEDS" --minutes "$MINUTES" --batch 100 --batch 500 --batch 2000 --batch 0
done > "$work/results.tsv"

python3 - "$work/results.tsv" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split("\t")
    rows.setdefault(int(f[0]), []).append([float(x) for x in f[1:]])
def med(batch, i): return statistics.median(r[i] for r in rows[batch])
base = 0
print(f"{'batch':>10} {'rows':>8} {'txns':>6} {'longest hold ms':>16} {'p99 hold ms':>12} {'total s':>8} "
      f"{'longest commit ms':>18} {'vs unbatched':>13}")
for b in sorted(rows, key=lambda b: (b == 0, b)):
    name = "unbatched" if b == 0 else str(b)
    ratio = med(b, 5) / med(base, 5)
    print(f"{name:>10} {med(b, 0):8.0f} {med(b, 1):6.0f} {med(b, 2):16.1f} {med(b, 3):12.1f} {med(b, 4):8.2f} "
          f"{med(b, 5):18.1f} {ratio:12.3f}x")
print(f"(medians of {len(rows[base])} runs; 'longest commit' is the longest a poll's commit took while the prune ran)")
PY
