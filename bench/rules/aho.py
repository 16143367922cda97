"""The peer: a bare keyword scan of the same articles with pyahocorasick, for
the union of the rules' terms, then the table with both sides' rates."""
import json
import sys
import time

import ahocorasick

work, ours_path = sys.argv[1], sys.argv[2]
ours = json.load(open(ours_path))
texts = [json.loads(line) for line in open(f"{work}/articles.jsonl", encoding="utf-8")]


def scan_rate(terms):
    automaton = ahocorasick.Automaton()
    for i, t in enumerate(terms):
        automaton.add_word(t, i)
    automaton.make_automaton()
    hits = sum(1 for t in texts for _ in automaton.iter(t.lower()))  # warm-up, and the count
    passes, start = 0, time.perf_counter()
    while True:
        for t in texts:
            for _ in automaton.iter(t.lower()):
                pass
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= 3 and passes >= 2:
            return passes * len(texts) / elapsed, hits / len(texts)


print(f"articles: {ours['articles']} ({ours['tokens_per_article']} tokens each on average); "
      f"analysis (before matching, not rule-dependent): {ours['analysis_rate']:.0f} articles/s")
for v in ours["variants"]:
    print(f"\n{v['name']} rules (dictionary of {v['dictionary']} terms and phrases)")
    print(f"{'rules':>8} {'terms':>7} {'compile s':>9} {'eval/art':>9} {'fire/art':>9} {'ours art/s':>11} "
          f"{'vs 10 rules':>11} {'aho art/s':>10} {'aho hits/art':>12} {'ours/aho':>8}")
    rows = []
    for r in v["results"]:
        terms = [t for t in open(f"{work}/terms-{v['name']}-{r['rules']}.txt", encoding="utf-8").read().split("\n") if t]
        rate, hits = scan_rate(terms)
        rows.append((r, rate))
        base = v["results"][0]["rate"]
        print(f"{r['rules']:>8} {r['terms']:>7} {r['compile_s']:>9.2f} {r['evaluated_per_article']:>9.1f} "
              f"{r['fired_per_article']:>9.2f} {r['rate']:>11.0f} {r['rate'] / base:>11.3f} {rate:>10.0f} {hits:>12.1f} "
              f"{r['rate'] / rate:>8.2f}")
    by_count = {r["rules"]: (r, rate) for r, rate in rows}
    if 100_000 in by_count and 10 in by_count:
        print(f"100,000-rule rate / 10-rule rate: {by_count[100_000][0]['rate'] / by_count[10][0]['rate']:.3f} (target >= 0.3)")
    if 10_000 in by_count:
        r, rate = by_count[10_000]
        print(f"10,000 rules, full evaluation / pyahocorasick scan: {r['rate'] / rate:.2f} (target >= 0.5)")
