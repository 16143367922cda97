"""The peer: a bare keyword scan with pyahocorasick.

  aho.py scan ARTICLES.jsonl TERMS.txt SECONDS  -> {"rate": articles/s, "hits": matches per article} (one window)
  aho.py table OURS.json                         -> the table, both sides' rates (measured interleaved)
"""
import json
import sys
import time


def scan(articles, terms_path, seconds):
    import ahocorasick
    texts = [json.loads(line) for line in open(articles, encoding="utf-8")]
    automaton = ahocorasick.Automaton()
    for i, t in enumerate(t for t in open(terms_path, encoding="utf-8").read().split("\n") if t):
        automaton.add_word(t, i)
    automaton.make_automaton()
    hits = sum(1 for t in texts for _ in automaton.iter(t.lower()))  # warm-up, and the count
    # One window; RulesBench calls this once per round, right after its own window.
    # Processor time of this thread, as RulesBench measures its own (the machine is shared).
    passes, start = 0, time.thread_time()
    while True:
        for t in texts:
            for _ in automaton.iter(t.lower()):
                pass
        passes += 1
        elapsed = time.thread_time() - start
        if elapsed >= seconds:
            break
    print(json.dumps({"rate": passes * len(texts) / elapsed, "hits": hits / len(texts)}))


def memory(results):
    """What the compiled rules keep, by component (bytes a rule), beside the resident memory they added."""
    big = [r for r in results if r["rules"] >= 1_000]
    if not big:
        return
    print("kept: resident memory a rule count added once compiled (YAML and compiling's garbage freed, malloc_trim), "
          "peak: its high-water mark while reading and compiling; by component, heap bytes a rule counted in the rule book:")
    print(f"{'component':<36}" + "".join(f"{r['rules']:>10}" for r in big))
    for k, (name, _) in enumerate(big[0]["components"]):
        print(f"{name:<36}" + "".join(f"{r['components'][k][1] / r['rules']:>10.0f}" for r in big))
    print(f"{'all counted':<36}" + "".join(f"{sum(b for _, b in r['components']) / r['rules']:>10.0f}" for r in big))
    print(f"{'resident (kept)':<36}" + "".join(f"{r['steady_bytes'] / r['rules']:>10.0f}" for r in big))


def table(ours_path):
    ours = json.load(open(ours_path))
    print(f"articles: {ours['articles']} ({ours['tokens_per_article']} tokens each on average); "
          f"analysis (before matching, not rule-dependent): {ours['analysis_rate']:.0f} articles/s")
    for v in ours["variants"]:
        print(f"\n{v['name']} rules (dictionary of {v['dictionary']} terms and phrases)")
        print(f"{'rules':>8} {'terms':>7} {'yaml s':>7} {'compile s':>9} {'eval/art':>9} {'fire/art':>9} {'ours art/s':>11} "
              f"{'us/art':>7} {'vs 10 rules':>11} {'index art/s':>11} {'aho art/s':>10} {'aho hits/art':>12} {'ours/aho':>8} "
              f"{'kept MB':>8} {'kept B/rule':>11} {'peak MB':>8}")
        base = v["results"][0]["rate"]
        for r in v["results"]:
            print(f"{r['rules']:>8} {r['terms']:>7} {r['yaml_s']:>7.2f} {r['compile_s']:>9.2f} {r['evaluated_per_article']:>9.1f} "
                  f"{r['fired_per_article']:>9.2f} {r['rate']:>11.0f} {1e6 / r['rate']:>7.1f} {r['rate'] / base:>11.3f} {r['index_rate']:>11.0f} "
                  f"{r['aho_rate']:>10.0f} {r['aho_hits_per_article']:>12.1f} {r['rate'] / max(r['aho_rate'], 1e-9):>8.2f} "
                  f"{r['steady_bytes'] / 1e6:>8.1f} {r['steady_bytes'] / r['rules']:>11.0f} {r['peak_bytes'] / 1e6:>8.1f}")
        memory(v["results"])
        by_count = {r["rules"]: r for r in v["results"]}
        if 100_000 in by_count and 10 in by_count:
            a, b = by_count[100_000], by_count[10]
            print(f"100,000-rule rate / 10-rule rate: {a['rate'] / b['rate']:.3f} (target >= 0.3); "
                  f"index alone {a['index_rate'] / b['index_rate']:.3f}, pyahocorasick's own {a['aho_rate'] / max(b['aho_rate'], 1e-9):.3f}")
            # The ratio falls whenever the per-article cost every rule count pays falls, so
            # what 100,000 rules add to an article is printed beside it.
            print(f"matching an article takes {1e6 / b['rate']:.1f} us with 10 rules and {1e6 / a['rate']:.1f} us with 100,000: "
                  f"the rules add {1e6 / a['rate'] - 1e6 / b['rate']:.1f} us ({(1e6 / a['rate'] - 1e6 / b['rate']) * 1e3 / 99_990:.2f} ns a rule)")
            print(f"each rule fires on one article in {100_000 / max(a['fired_per_article'], 1e-9):,.0f} at 100,000 rules")
            if ours.get("tokenise_rate"):
                # The matcher is timed on tokens the analysis core already made; the matcher
                # "tokenises once" per article. Both costs are per article, so they add.
                tok = ours["tokenise_rate"]
                with_tok = lambda r: 1 / (1 / tok + 1 / r)
                print(f"counting the tokenising too (tokenise once, look up, evaluate; tokenising alone {tok:,.0f} articles/s): "
                      f"10 rules {with_tok(b['rate']):,.0f}, 100,000 rules {with_tok(a['rate']):,.0f} articles/s, "
                      f"ratio {with_tok(a['rate']) / with_tok(b['rate']):.3f}")
        if 10_000 in by_count:
            r = by_count[10_000]
            print(f"10,000 rules, full evaluation / pyahocorasick scan: {r['rate'] / r['aho_rate']:.2f} (target >= 0.5)")


if sys.argv[1] == "scan":
    scan(sys.argv[2], sys.argv[3], float(sys.argv[4]))
else:
    table(sys.argv[2])
