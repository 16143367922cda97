#!/usr/bin/env bash
# One delivery worker's batch (100) read from a sink's queue at 1,000, 10,000 and 100,000
# pending, through the query before v8-delivery-queue (every due delivery read, joined with
# its alert and sorted; kept only in bench/outbox/OutboxBench/QueueBeforeV8.swift) and through
# the store's, in the same run on the same files; then 10,000 deliveries drained to a sink that
# accepts everything, one transaction per delivered mark against one per batch (and the v8
# query with the marks one by one, to tell the two gains apart). No peer
# project reads this queue; the query before v8 is the baseline.
#
#   bench/outbox/run.sh        # RUNS=15 DRAIN=10000
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-15}
DRAIN=${DRAIN:-10000}

echo "building OutboxBench (release)..." >&2
swift build -c release --product OutboxBench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/OutboxBench
work=$(mktemp -d /tmp/wirewatch-bench-outbox.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$BENCH" "$work" --pending 1000 --pending 10000 --pending 100000 --runs "$RUNS" --drain "$DRAIN"
