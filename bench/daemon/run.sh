#!/usr/bin/env bash
# The whole daemon at scale: FEEDS small feeds (RSS and Atom, 10-20 entries; one in
# three with ETag and Last-Modified, the rest with neither) served by nginx on
# 127.0.0.1, imported with `wirewatch opml import`, about 50 rules and the alert log.
# The release daemon runs (under a NOTIFY_SOCKET, as systemd runs it) until CYCLES
# full poll cycles are done; between cycles CHURN of the feeds gain new entries.
# Prints the daemon's figures per cycle and the operator's commands' timings.
#
#   bench/daemon/run.sh       # FEEDS=20000 CYCLES=4 INTERVAL=120 CHURN=0.03 CONCURRENCY=64 MAX_SECONDS=1800
#   BIN=path/to/wirewatch bench/daemon/run.sh    # an older build, without building
#
# There is no peer for the whole daemon: figures are per feed (CPU µs a feed poll,
# KB of RSS a feed). KEEP=1 keeps the work dir (the store, the logs, the samples).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

FEEDS=${FEEDS:-20000}
CYCLES=${CYCLES:-4}
INTERVAL=${INTERVAL:-120}
CHURN=${CHURN:-0.03}
CONCURRENCY=${CONCURRENCY:-64}
MAX_SECONDS=${MAX_SECONDS:-1800}   # stop the cycles here even if they are not done (a daemon that cannot keep up)
BIN=${BIN:-}

source bench/lib/loopback-nginx.sh
loopback_nginx_packages

if [ -z "$BIN" ]; then
  echo "building wirewatch (release)..." >&2
  swift build -c release --product wirewatch >/dev/null
  BIN=$(swift build -c release --show-bin-path)/wirewatch
fi

work=$(mktemp -d /tmp/wirewatch-bench-daemon.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
echo "work dir: $work" >&2

port=$(loopback_free_port)
admin=$(loopback_free_port)
python3 bench/daemon/feeds.py setup "$work" "$FEEDS" "$port"

loopback_nginx_start "$work" "$port" /p/00001.xml \
  'worker_processes 1;
worker_rlimit_nofile 16384;' \
  '    keepalive_timeout 300s;
    open_file_cache off;' \
  '        location /e/ { etag on; }
        # SSI drops ETag and Last-Modified: most real feeds send no validator.
        location /p/ { ssi on; ssi_types application/rss+xml; }'
pids+=("$LOOPBACK_NGINX_PID")

mkdir -p "$work/state" "$work/log"
cat >"$work/wirewatch.yaml" <<YAML
store: state/state.sqlite
data: $repo/Config
rules: rules.d
poll:
  interval: ${INTERVAL}s
  adaptive: false
  jitter: 0.1
  timeout: 30s
  concurrency: $CONCURRENCY
daemon:
  watch_rules: 0
admin:
  listen: 127.0.0.1:$admin
sinks:
  - id: alert-log
    type: alert-log
    path: log/alerts.jsonl
feeds: []
YAML

# Seconds, as a decimal, that a command took (its output to $work/out.txt).
timed() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
declare -A took
took[opml]=$(timed "$BIN" opml import -c "$work/wirewatch.yaml" "$work/feeds.opml")
grep -q "added $FEEDS feeds" "$work/out.txt" || { cat "$work/out.txt" "$work/err.txt"; exit 1; }
took[check]=$(timed "$BIN" check -c "$work/wirewatch.yaml")

# systemd's side of the notify protocol: every message with the time it came.
python3 - "$work/notify.sock" >"$work/notify.log" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    m = s.recv(65536).decode()
    print(f"{time.time():.3f} {m.replace(chr(10), ' ')}", flush=True)
PY
pids+=($!)
for _ in $(seq 50); do [ -S "$work/notify.sock" ] && break; sleep 0.1; done

ulimit -n "$(ulimit -Hn)"  # the daemon holds few: poll.concurrency connections, the store, the log
metric_sum() {  # the sum of one metric's series, from a scrape
  awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%d\n", s }' "$2"
}
scrape() { curl -fs -o "$1" "http://127.0.0.1:$admin/metrics"; }
cpu_of() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }
rss_of() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
hwm_of() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }

t_start=$(date +%s.%N)
( cd "$work" && NOTIFY_SOCKET="$work/notify.sock" exec "$BIN" run -c "$work/wirewatch.yaml" 2>"$work/daemon.log" ) &
daemon=$!
pids+=($daemon)
for _ in $(seq 600); do grep -q "READY=1" "$work/notify.log" && break; sleep 0.05; done
t_ready=$(awk '/READY=1/ { print $1; exit }' "$work/notify.log")
took[ready]=$(echo "$t_ready - $t_start" | bc -l)

# Cycles: a cycle ends when the fetches counted reach FEEDS more.
printf 'cycle wall_s cpu_s rss_mb polls new_articles alerts store_mb\n' >"$work/cycles.tsv"
cycle=0
t_cycle=$(date +%s.%N); c_cycle=$(cpu_of "$daemon"); first_poll=""
prev_articles=0; prev_alerts=0
while [ "$cycle" -lt "$CYCLES" ]; do
  # Not more often: a scrape at 20,000 feeds is itself work, counted in the cycle's CPU.
  if [ -n "$first_poll" ]; then sleep 5; else sleep 0.5; fi
  if [ "$(echo "$(date +%s.%N) - $t_start > $MAX_SECONDS" | bc)" = 1 ]; then
    printf 'stopped after %ss: %s polls of the next cycle done, %.1f s CPU since the last\n' "$MAX_SECONDS" \
      "$(( ${polls:-0} - cycle * FEEDS ))" "$(echo "$(cpu_of "$daemon") - $c_cycle" | bc -l)" | tee "$work/unfinished.txt" >&2
    break
  fi
  kill -0 "$daemon" 2>/dev/null || { echo "the daemon died:" >&2; tail "$work/daemon.log" >&2; exit 1; }
  scrape "$work/m.txt" || continue
  polls=$(metric_sum wirewatch_fetches_total "$work/m.txt")
  if [ -z "$first_poll" ] && [ "$polls" -gt 0 ]; then first_poll=$(date +%s.%N); took[first]=$(echo "$first_poll - $t_start" | bc -l); fi
  if [ "$polls" -ge $(( (cycle + 1) * FEEDS )) ]; then
    cycle=$((cycle + 1))
    now=$(date +%s.%N); cpu=$(cpu_of "$daemon")
    articles=$(metric_sum wirewatch_articles_total "$work/m.txt"); alerts=$(metric_sum wirewatch_alerts_total "$work/m.txt")
    store=$(du -sk "$work/state" | cut -f1)
    printf '%d %.1f %.1f %.1f %d %d %d %.1f\n' "$cycle" "$(echo "$now - $t_cycle" | bc -l)" "$(echo "$cpu - $c_cycle" | bc -l)" \
      "$(echo "$(rss_of "$daemon") / 1024" | bc -l)" "$polls" $((articles - prev_articles)) $((alerts - prev_alerts)) \
      "$(echo "$store / 1024" | bc -l)" >>"$work/cycles.tsv"
    t_cycle=$now; c_cycle=$cpu; prev_articles=$articles; prev_alerts=$alerts
    # New stories for the next cycle.
    python3 bench/daemon/feeds.py churn "$work" "$FEEDS" "$CHURN" "$cycle"
  fi
done
cp "$work/m.txt" "$work/metrics-final.txt"

took[scrape]=$(timed curl -fs -o "$work/scrape.txt" "http://127.0.0.1:$admin/metrics")
scrape_kb=$(( $(stat -c %s "$work/scrape.txt") / 1024 ))
scrape_series=$(grep -vc '^#' "$work/scrape.txt")
took[feeds]=$(timed "$BIN" feeds -c "$work/wirewatch.yaml"); feeds_lines=$(wc -l <"$work/out.txt")
took[feeds_json]=$(timed "$BIN" feeds -c "$work/wirewatch.yaml" --json); feeds_json_kb=$(( $(stat -c %s "$work/out.txt") / 1024 ))
took[deliver]=$(timed "$BIN" deliver list -c "$work/wirewatch.yaml")
took[backtest]=$(timed "$BIN" rules backtest -c "$work/wirewatch.yaml" --since 1d)
backtest_line=$(tail -1 "$work/out.txt")

# A reload with one feed edited: from SIGHUP to the READY=1 that ends it.
# (opml import writes URLs quoted: "http://…/e/00000.xml")
sed -i '0,/\/e\/00000\.xml"/s//\/e\/00000.xml?edited"/' "$work/wirewatch.yaml"
grep -q '00000.xml?edited"' "$work/wirewatch.yaml" || { echo "the feed to edit is not in the config" >&2; exit 1; }
readies=$(grep -c "READY=1" "$work/notify.log")
t0=$(date +%s.%N); c0=$(cpu_of "$daemon")
kill -HUP "$daemon"
for _ in $(seq 1200); do [ "$(grep -c "READY=1" "$work/notify.log")" -gt "$readies" ] && break; sleep 0.05; done
t1=$(awk '/READY=1/ { t = $1 } END { print t }' "$work/notify.log")
took[reload]=$(echo "$t1 - $t0" | bc -l); sleep 1; reload_cpu=$(echo "$(cpu_of "$daemon") - $c0" | bc -l)
reload_log=$(grep -E "reloaded|reload rejected|feeds reconciled" "$work/daemon.log" | tail -2 | sed 's/^[^ ]* [^ ]* //' | tr '\n' ';')

peak=$(hwm_of "$daemon")
t0=$(date +%s.%N)
kill -TERM "$daemon"
wait "$daemon" || true
took[stop]=$(echo "$(date +%s.%N) - $t0" | bc -l)
store_kb=$(du -sk "$work/state" | cut -f1)
alert_lines=$(wc -l <"$work/log/alerts.jsonl" 2>/dev/null || echo 0)
articles_stored=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from article").fetchone()[0])' "$work/state/state.sqlite" 2>/dev/null || echo "?")

printf '\ndaemon bench: %d feeds from nginx on 127.0.0.1 (1/3 with validators), interval %ss, concurrency %d, %d cycles, churn %s a cycle\n' \
  "$FEEDS" "$INTERVAL" "$CONCURRENCY" "$CYCLES" "$CHURN"
printf '%-6s %8s %8s %8s %9s %8s %8s %9s %12s %11s\n' cycle "wall s" "cpu s" "rss MB" polls articles alerts "store MB" "µs CPU/poll" "KB RSS/feed"
while read -r c wall cpu rss polls articles alerts store; do
  [ "$c" = cycle ] && continue
  printf '%-6s %8s %8s %8s %9s %8s %8s %9s %12.0f %11.2f\n' "$c" "$wall" "$cpu" "$rss" "$polls" "$articles" "$alerts" "$store" \
    "$(echo "$cpu * 1000000 / $FEEDS" | bc -l)" "$(echo "$rss * 1024 / $FEEDS" | bc -l)"
done <"$work/cycles.tsv"
[ -f "$work/unfinished.txt" ] && cat "$work/unfinished.txt"
printf 'peak RSS %.1f MB; store %.1f MB (%s articles); alert log %d lines\n' "$(echo "$peak / 1024" | bc -l)" \
  "$(echo "$store_kb / 1024" | bc -l)" "$articles_stored" "$alert_lines"
printf '\n%-34s %9s   %s\n' command "s" note
printf '%-34s %9.2f   %s\n' "opml import ($FEEDS outlines)" "${took[opml]}" ""
printf '%-34s %9.2f   %s\n' "check" "${took[check]}" ""
printf '%-34s %9.2f   %s\n' "run: start to READY=1" "${took[ready]}" ""
printf '%-34s %9.2f   %s\n' "run: start to first poll counted" "${took[first]:-0}" "(scraped every 0.5 s until then)"
printf '%-34s %9.2f   %s\n' "GET /metrics" "${took[scrape]}" "$scrape_kb KB, $scrape_series series"
printf '%-34s %9.2f   %s\n' "feeds" "${took[feeds]}" "$feeds_lines lines"
printf '%-34s %9.2f   %s\n' "feeds --json" "${took[feeds_json]}" "$feeds_json_kb KB"
printf '%-34s %9.2f   %s\n' "deliver list" "${took[deliver]}" ""
printf '%-34s %9.2f   %s\n' "rules backtest --since 1d" "${took[backtest]}" "$backtest_line"
printf '%-34s %9.2f   %s\n' "SIGHUP, one feed edited, to READY" "${took[reload]}" "cpu ${reload_cpu}s; $reload_log"
printf '%-34s %9.2f   %s\n' "SIGTERM to exit" "${took[stop]}" ""
