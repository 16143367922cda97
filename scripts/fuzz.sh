#!/usr/bin/env bash
# Builds and runs the libFuzzer targets under fuzz/ (docs/reliability.md).
#   scripts/fuzz.sh                      each target for 60 s (what CI runs)
#   scripts/fuzz.sh query-parser         one target
#   FUZZ_SECONDS=3600 scripts/fuzz.sh    longer; FUZZ_ARGS="-jobs=2 -workers=2" passes libFuzzer flags
# New inputs that add coverage go to .build/fuzz/corpus/TARGET (kept between runs);
# a crash is written to .build/fuzz/crashes/TARGET-crash-… and makes the script fail.
# feed-parser is the parser's fuzz/run.sh (its corpus and crashes are under fuzz/out/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(feed-parser query-parser config-loader)
build=.build/fuzz
mkdir -p "$build"
failed=()
for t in "${targets[@]}"; do
  if [ "$t" = feed-parser ]; then
    # The parser's own target and script (swiftc, with AddressSanitizer); crashes in fuzz/out/crashes.
    echo "fuzz: $t for ${seconds} s"
    SWIFT_BACKTRACE=enable=no FUZZ_SECONDS="$seconds" fuzz/run.sh > "$build/$t.log" 2>&1 || failed+=("$t")
    grep -v -e '^#[0-9]' -e '^"' "$build/$t.log" | tail -n 30
    continue
  fi
  [ -d "fuzz/$t" ] || { echo "fuzz: no target fuzz/$t" >&2; exit 2; }
  # Its own build directory and flags: every module is instrumented for coverage; `make test` never sees these targets.
  WIREWATCH_FUZZ=1 swift build --build-path "$build" -Xswiftc -sanitize=fuzzer --product "fuzz-$t"
  mkdir -p "$build/corpus/$t" "$build/crashes"
  args=("$build/corpus/$t" "fuzz/$t/corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$build/crashes/$t-" -print_final_stats=1)
  [ -f "fuzz/$t/$t.dict" ] && args+=(-dict="fuzz/$t/$t.dict")
  echo "fuzz: $t for ${seconds} s"
  # libFuzzer, not Swift's backtracer, must catch a trap, so that it writes the input that caused it.
  status=0
  SWIFT_BACKTRACE=enable=no "$build/debug/fuzz-$t" "${args[@]}" ${FUZZ_ARGS:-} > "$build/$t.log" 2>&1 || status=$?
  # The progress lines and libFuzzer's recommended dictionary are noise here; the verdict and stats are not.
  grep -v -e '^#[0-9]' -e '^"' "$build/$t.log" | tail -n 30
  [ "$status" = 0 ] || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/crashes/; replay one with $build/debug/fuzz-TARGET FILE)" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: no crash in ${seconds} s each"
