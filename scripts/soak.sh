#!/usr/bin/env bash
# Soak test (not part of `make test`): wirewatch polls 2,000 feeds on a local
# server whose items change every minute, for an hour, and prints RSS, CPU,
# alerts per minute and outbox depth every minute; it fails if memory or the
# outbox keeps growing. Settings (environment):
#   SOAK_MINUTES=60  SOAK_FEEDS=2000  SOAK_PERIOD=60 (seconds between changes)
#   SOAK_SAMPLE=60 (seconds between rows)  SOAK_WARMUP_MINUTES (default: a fifth, at least 2)
#   SOAK_BIN=path/to/wirewatch (default: a release build)  SOAK_KEEP=1 keeps the state directory
#   SOAK_STORE='{ path: var/state.sqlite, retention: { articles: 5m, alerts: 5m, seen: 5m }, prune_every: 1m }'
#     (the config's store: value; short retentions show the store's size level off within the run)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SOAK_BIN:-}
if [ -z "$bin" ]; then
  scripts/install-deps.sh
  swift build -c release --product wirewatch
  bin=.build/release/wirewatch
fi
exec python3 scripts/soak/soak.py "$bin"
