#!/usr/bin/env bash
# One poll cycle over 10,000 feed URLs served by nginx on 127.0.0.1, twice:
# all 200, then all 304 (conditional, with the validators from the first cycle).
# Our fetcher (FetchBench, release build) against `curl --parallel` on the same
# URL list in the same run; wall time, CPU time (user+sys) and peak RSS of each
# client, from /usr/bin/time -v. Median of RUNS runs per cell, interleaved.
#
#   bench/fetch/run.sh      # FEEDS=10000 PARALLEL=50 RUNS=5 WINDOW=100
#
# curl runs with --parallel-max PARALLEL; FetchBench with the fetcher's caps (per
# host and total) at PARALLEL, and offers fetches through a window of WINDOW tasks,
# as the daemon's scheduler does with poll.concurrency (WINDOW=0 queues all at once).
# KEEP=1 keeps the generated feeds, validators and curl configs in the work dir.
set -euo pipefail
cd "$(dirname "$0")/../.."

FEEDS=${FEEDS:-10000}
PARALLEL=${PARALLEL:-50}
RUNS=${RUNS:-5}
WINDOW=${WINDOW:-$((2 * PARALLEL))}

source bench/lib/loopback-nginx.sh
loopback_nginx_packages

echo "building FetchBench (release)..." >&2
swift build -c release --product FetchBench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/FetchBench

work=$(mktemp -d /tmp/wirewatch-bench-fetch.XXXXXX)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
echo "work dir: $work" >&2

# Feeds of 2-20 KB, different sizes so no two bodies are alike.
python3 - "$work/www/feeds" "$FEEDS" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(root)
for i in range(n):
    items = []
    for j in range(3 + (i * 7919) % 30):
        items.append(f"<item><title>Story {i}-{j}: export controls, tariffs and model distillation</title>"
                     f"<link>https://news.example/{i}/{j}</link><guid>https://news.example/{i}/{j}</guid>"
                     f"<pubDate>Wed, 29 Jan 2025 08:{j % 60:02d}:00 GMT</pubDate>"
                     f"<description>Labs accuse rivals of distilling their models; item {j} of feed {i}.</description></item>")
    with open(f"{root}/{i:05d}.xml", "w") as f:
        f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {i}</title>{"".join(items)}</channel></rss>\n')
PY

port=$(loopback_free_port)
loopback_nginx_start "$work" "$port" /feeds/00000.xml \
  'worker_processes 2;' \
  '    tcp_nopush on;
    keepalive_timeout 60s;
    open_file_cache max=20000 inactive=60s;
    etag on;' \
  ''
nginx_pid=$LOOPBACK_NGINX_PID

seq -f "http://127.0.0.1:$port/feeds/%05g.xml" 0 $((FEEDS - 1)) >"$work/urls.txt"

# Validators for the 304 cycle, and curl's config files (one operation per URL).
"$BENCH" "$work/urls.txt" --parallel "$PARALLEL" --window "$WINDOW" --save "$work/validators.tsv" >/dev/null
# "next" only between operations: a trailing one is an operation without a URL, which aborts them all.
awk '{ if (NR > 1) print "next"; printf "url = \"%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", $0 }' "$work/urls.txt" >"$work/curl-200.cfg"
awk -F'\t' '{ gsub(/"/, "\\\"", $2); if (NR > 1) print "next";
  printf "url = \"%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\nheader = \"If-None-Match: %s\"\nheader = \"If-Modified-Since: %s\"\n", $1, $2, $3 }' \
  "$work/validators.tsv" >"$work/curl-304.cfg"

# Runs one client under /usr/bin/time; prints "wall cpu rss_kb outcome".
measure() {
  local out="$work/out.txt" tim="$work/time.txt"
  /usr/bin/time -v "$@" >"$out" 2>"$tim"
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tim")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$tim")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tim")
  local outcome
  if grep -q '^statuses' "$out"; then outcome=$(sed 's/ bytes.*//; s/statuses //' "$out")
  else outcome=$(sort "$out" | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " }'); fi
  echo "$wall $cpu $rss $outcome"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A result
for cycle in 200 304; do
  for run in $(seq "$RUNS"); do
    if [ "$cycle" = 200 ]; then ours=("$BENCH" "$work/urls.txt" --parallel "$PARALLEL" --window "$WINDOW")
    else ours=("$BENCH" "$work/urls.txt" --parallel "$PARALLEL" --window "$WINDOW" --conditional "$work/validators.tsv"); fi
    theirs=(curl --parallel --parallel-max "$PARALLEL" --no-progress-meter -K "$work/curl-$cycle.cfg")
    result[$cycle,ours,$run]=$(measure "${ours[@]}")
    result[$cycle,curl,$run]=$(measure "${theirs[@]}")
  done
done

printf '\nfetch bench: %d feeds (2-20 KB) from nginx on 127.0.0.1, %d in parallel (window %d), median of %d runs\n' \
  "$FEEDS" "$PARALLEL" "$WINDOW" "$RUNS"
printf '%-6s %-10s %9s %9s %10s   %s\n' cycle client "wall s" "cpu s" "rss MB" outcome
for cycle in 200 304; do
  declare -A med=()
  for who in ours curl; do
    for col in 1 2 3; do
      med[$who,$col]=$(for run in $(seq "$RUNS"); do echo "${result[$cycle,$who,$run]}" | cut -d' ' -f$col; done | median)
    done
    outcome=$(echo "${result[$cycle,$who,1]}" | cut -d' ' -f4-)
    name=$([ "$who" = ours ] && echo wirewatch || echo "curl")
    printf '%-6s %-10s %9.3f %9.3f %10.1f   %s\n' "$cycle" "$name" "${med[$who,1]}" "${med[$who,2]}" "$(echo "${med[$who,3]} / 1024" | bc -l)" "$outcome"
  done
  printf '%-6s %-10s %8.2fx %8.2fx %9.2fx\n' "$cycle" "ratio" \
    "$(echo "${med[ours,1]} / ${med[curl,1]}" | bc -l)" "$(echo "${med[ours,2]} / ${med[curl,2]}" | bc -l)" \
    "$(echo "${med[ours,3]} / ${med[curl,3]}" | bc -l)"
done
echo "targets: wall ratio <= 1.20 on both cycles; wirewatch peak RSS <= 64 MB on the 304 cycle"
