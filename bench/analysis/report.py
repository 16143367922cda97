#!/usr/bin/env python3
"""Prints the analysis benchmark's table from the JSON lines of each system; ratios against the last one (the peer).
Rows marked tokenize_only (the tokeniser alone) and rows marked "before: " and "now: " (an older build and ours,
run interleaved: BASELINE=… run.sh) are printed apart, after the table."""
import json
import sys

rows = [json.loads(a) for a in sys.argv[1:]]
extra = [r for r in rows if r.get("tokenize_only") or r["system"].startswith(("before: ", "now: "))]
rows = [r for r in rows if r not in extra]
peer = rows[-1]


def rate(r, key):
    return r[key] / r["cpu_seconds"]


print(f"{'system':46} {'articles':>8} {'tokens':>9} {'CPU s':>7} {'art/s':>8} {'tokens/s':>10} {'× peer':>7} {'RSS load':>9} {'RSS peak':>9}")
for r in rows:
    ratio = rate(r, "tokens") / rate(peer, "tokens")
    print(f"{r['system']:46} {r['articles']:>8} {r['tokens']:>9} {r['cpu_seconds']:>7.2f} {rate(r, 'articles'):>8.1f} "
          f"{rate(r, 'tokens'):>10.0f} {ratio:>6.1f}× {r['rss_mb_after_load']:>7.1f}MB {r['rss_mb_peak']:>7.1f}MB")
print()
print("Per core: CPU seconds of the analysing thread (ours) or process (spaCy, BLAS/OpenMP threads pinned to 1);")
print("each system counts its own tokens; articles/s compares the same texts directly.")
ours = rows[0]
print(f"articles/s ratio (ours/peer): {rate(ours, 'articles') / rate(peer, 'articles'):.1f}×; "
      f"tokens/s ratio: {rate(ours, 'tokens') / rate(peer, 'tokens'):.1f}× (target ≥ 100×); "
      f"ours resident after loading: {ours['rss_mb_after_load']:.1f} MB (target ≤ 100 MB)")
if extra:
    print()
    print(f"{'best of N CPU-time passes':46} {'articles':>8} {'tokens':>9} {'best s':>7} {'art/s':>8} {'ns/token':>9}")
    for r in extra:
        print(f"{r['system']:46} {r['articles']:>8} {r['tokens']:>9} {r['cpu_seconds']:>7.3f} {rate(r, 'articles'):>8.0f} "
              f"{r['cpu_seconds'] * 1e9 / r['tokens']:>9.1f}")
