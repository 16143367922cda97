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
    hits = sum(1 for t in texts for _ in automaton.iter(t.lower()))  # warm-up
    passes, start = 0, time.perf_counter()
    while True:
        for t in texts:
            for _ in automaton.iter(t.lower()):
                pass
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= 3 and passes >= 2:
            return passes * len(texts) / elapsed, hits / len(texts)

rows = []
for r in ours["results"]:
    terms = [t for t in open(f"{work}/terms-{r['rules']}.txt", encoding="utf-8").read().split("\n") if t]
    rate, hits = scan_rate(terms)
    rows.append((r, rate, hits))

base = ours["results"][0]["rate"]
print(f"articles: {ours['articles']} ({ours['tokens_per_article']} tokens each on average); "
      f"dictionary: {ours['dictionary']} terms and phrases; analysis (not rule-dependent): {ours['analysis_rate']:.0f} articles/s")
print(f"{'rules':>8} {'terms':>7} {'compile s':>9} {'fired/art':>9} {'ours art/s':>11} {'vs 10 rules':>11} "
      f"{'aho art/s':>10} {'aho hits/art':>12} {'ours/aho':>8}")
for r, rate, hits in rows:
    print(f"{r['rules']:>8} {r['terms']:>7} {r['compile_s']:>9.2f} {r['fired_per_article']:>9.2f} {r['rate']:>11.0f} "
          f"{r['rate'] / base:>11.3f} {rate:>10.0f} {hits:>12.1f} {r['rate'] / rate:>8.2f}")
last = ours["results"][-1]
ten_k = next(r for r, _, _ in rows if r["rules"] == 10_000)
aho_10k = next(rate for r, rate, _ in rows if r["rules"] == 10_000)
print(f"100,000-rule rate / 10-rule rate: {last['rate'] / base:.3f} (target >= 0.3)")
print(f"10,000 rules, full evaluation / pyahocorasick scan: {ten_k['rate'] / aho_10k:.2f} (target >= 0.5)")
