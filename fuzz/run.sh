#!/usr/bin/env bash
# Builds the parser's libFuzzer target with `swiftc -sanitize=fuzzer` (each
# module the parser needs compiled with coverage) and runs it, seeded with the
# parser's fixtures, for FUZZ_SECONDS (default 600). Crashes land in fuzz/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/out
mkdir -p "$out/build" "$out/corpus" "$out/crashes"
flags=(-O -sanitize=fuzzer,address -parse-as-library -I Sources/CLibXML2 -I "$out/build" -module-cache-path "$out/build/cache")
for f in $(pkg-config --cflags libxml-2.0); do flags+=(-Xcc "$f"); done

module() { # name, sources...
  local name=$1; shift
  swiftc "${flags[@]}" -emit-module -emit-module-path "$out/build/$name.swiftmodule" \
    -emit-object -wmo -module-name "$name" -o "$out/build/$name.o" "$@"
}
echo "fuzz: building…" >&2
module WirewatchCore Sources/WirewatchCore/*.swift
module Markup Sources/Markup/*.swift
module FeedParsing $(find Sources/FeedParsing -name '*.swift')
swiftc "${flags[@]}" -wmo -module-name FeedParserFuzz -o "$out/feed-parser-fuzz" \
  fuzz/FeedParserFuzz.swift "$out"/build/{WirewatchCore,Markup,FeedParsing}.o $(pkg-config --libs libxml-2.0)

seconds=${FUZZ_SECONDS:-600}
echo "fuzz: running for ${seconds}s…" >&2
"$out/feed-parser-fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus" Tests/FeedParsingTests/Fixtures
